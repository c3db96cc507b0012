import type { Edge, Node } from '@xyflow/react';
import type { NodeType } from '../../../../shared/journey/definition.ts';

export interface NodeWarningView {
  key: string;
  severity: 'warning' | 'error';
  title: string;
  message: string;
  fix: string | null;
  onFix: (() => void) | null;
}

export interface NodeCountView {
  key: string;
  /** Shown on the node, e.g. "7 reached". */
  text: string;
  tone: 'preview' | 'compare' | 'live' | 'control';
}

export type JourneyNodeData = {
  type: NodeType;
  typeName: string;
  title: string;
  summary: string;
  exits: string[];
  isEntry: boolean;
  counts: NodeCountView[];
  warnings: NodeWarningView[];
  /** On the path of the last "test on one user". */
  onPath: boolean;
  fixLabel: string;
};

export type JourneyFlowNode = Node<JourneyNodeData, 'journey'>;
export type JourneyFlowEdge = Edge;
