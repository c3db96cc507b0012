import {
  applyNodeChanges, Background, Controls, MarkerType, ReactFlow, useReactFlow, useStore, type AriaLabelConfig, type NodeChange, type NodeTypes,
} from '@xyflow/react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { exitsOf, type JourneyDefinition } from '../../../../shared/journey/definition.ts';
import type { CheckWarning } from '../../../../shared/journey/journey-check.ts';
import { JourneyFlowNodeView } from './journey-flow-node.tsx';
import { compactLayout, layoutJourney, wideLayout, type Positions } from './map-layout.ts';
import type { JourneyFlowEdge, JourneyFlowNode, NodeCountView } from './map-types.ts';
import { useNodeText } from './node-text.ts';
import { useElementWidth } from './use-element-width.ts';
import { useNumber } from './use-number.ts';
import { useWarningText } from './warning-text.ts';

const nodeTypes: NodeTypes = { journey: JourneyFlowNodeView };
const positivePaths = new Set(['matched', 'yes', 'opened']);

export interface MapOverlays {
  warnings: readonly CheckWarning[];
  lagMs: number;
  /** Reached per node in the last preview, with grace and (when compared) without. */
  preview: { withGrace: Record<string, number>; withoutGrace: Record<string, number> | null } | null;
  /** Customers waiting at each node now (active or paused journeys). */
  waiting: Record<string, number> | null;
  path: readonly string[] | null;
}

/** Refits the view when the journey gains or loses nodes (a fix can insert one). */
function FitOnChange({ signature }: { signature: string }) {
  const flow = useReactFlow();
  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.06 }));
    return () => cancelAnimationFrame(frame);
  }, [flow, signature]);
  return null;
}

/** Brings the selected node into the part of the map the side panel does not cover. */
function FocusNode({ id, inset }: { id: string | null; inset: number }) {
  const flow = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();
  const width = useStore((state) => state.width);
  useEffect(() => {
    if (!id) return;
    const node = flow.getInternalNode(id);
    if (!node) return;
    const { x, zoom } = flow.getViewport();
    const nodeWidth = node.measured.width ?? wideLayout.nodeWidth;
    const nodeHeight = node.measured.height ?? 80;
    const left = node.internals.positionAbsolute.x * zoom + x;
    if (left >= 8 && left + nodeWidth * zoom <= width - inset - 8) return;
    void flow.setCenter(node.internals.positionAbsolute.x + nodeWidth / 2 + inset / (2 * zoom), node.internals.positionAbsolute.y + nodeHeight / 2, { zoom, duration: 250 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, inset]);
  return null;
}

export function JourneyMap({ definition, overlays, selectedId, onSelect, editable, onFix, onMove, panelInset, children }: {
  definition: JourneyDefinition;
  overlays: MapOverlays;
  selectedId: string | null;
  onSelect(id: string | null): void;
  editable: boolean;
  onFix: ((warning: CheckWarning) => void) | null;
  onMove(positions: Positions): void;
  /** Width (px) of the panel drawn over the map's right side. */
  panelInset: number;
  children?: ReactNode;
}) {
  const { t } = useTranslation('journeys');
  const text = useNodeText();
  const warningText = useWarningText();
  const number = useNumber();
  const [container, containerWidth] = useElementWidth<HTMLDivElement>();
  const size = containerWidth > 0 && containerWidth < 900 ? compactLayout : wideLayout;

  const built = useMemo(() => {
    const positions = layoutJourney(definition, size);
    const entryId = definition.nodes.find((node) => node.type === 'entry_past' || node.type === 'entry_event')?.id;
    const nodes: JourneyFlowNode[] = definition.nodes.map((node) => {
      const counts: NodeCountView[] = [];
      // Held back at the entry: this share of those who enter receives nothing (the control group).
      const share = definition.control?.share ?? 0;
      if (node.id === entryId && share > 0) counts.push({ key: 'control', tone: 'control', text: t('map.control', { percent: number(Math.round(share * 1000) / 10) }) });
      const reached = overlays.preview?.withGrace[node.id];
      if (reached !== undefined) counts.push({ key: 'preview', tone: 'preview', text: t('map.reached', { count: reached, formatted: number(reached) }) });
      const without = overlays.preview?.withoutGrace?.[node.id];
      if (without !== undefined && without !== reached) counts.push({ key: 'compare', tone: 'compare', text: t('map.withoutGrace', { formatted: number(without) }) });
      const waiting = overlays.waiting?.[node.id];
      if (waiting) counts.push({ key: 'live', tone: 'live', text: t('map.waiting', { count: waiting, formatted: number(waiting) }) });
      const warnings = overlays.warnings.filter((warning) => warning.node === node.id).map((warning, index) => {
        const words = warningText(warning, definition, overlays.lagMs);
        return { key: `${warning.code}-${index}`, severity: warning.severity, ...words, onFix: onFix && warning.fix ? () => onFix(warning) : null };
      });
      const title = text.label(node);
      const ariaLabel = [
        title, title === text.typeName(node.type) ? '' : text.typeName(node.type), text.summary(node), ...counts.map((count) => count.text),
        ...warnings.map((warning) => `${t('map.warning')}: ${warning.title}`),
      ].filter(Boolean).join('. ');
      return {
        id: node.id, type: 'journey', position: positions.get(node.id) ?? { x: 0, y: 0 }, ariaLabel, selected: node.id === selectedId,
        draggable: editable, style: { width: size.nodeWidth },
        data: {
          type: node.type, typeName: text.typeName(node.type), title, summary: text.summary(node), exits: exitsOf(node).map(([path]) => path),
          isEntry: node.id === entryId, counts, warnings, onPath: overlays.path?.includes(node.id) ?? false, fixLabel: t('check.fixButton'),
        },
      };
    });
    const labels = new Map(nodes.map((node) => [node.id, node.data.title]));
    const edges: JourneyFlowEdge[] = definition.nodes.flatMap((node) => exitsOf(node).flatMap(([path, target]) => {
      if (target === null || !labels.has(target)) return [];
      const label = path === 'next' ? undefined : text.path(path);
      const tone = path === 'next' ? 'plain' : positivePaths.has(path) ? 'positive' : 'negative';
      return [{
        id: `${node.id}:${path}`, source: node.id, target, sourceHandle: path, label, className: `jmap-edge ${tone}`,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 }, labelBgPadding: [6, 3] as [number, number], labelBgBorderRadius: 4,
        ariaLabel: `${label ? `${label}: ` : ''}${labels.get(node.id)} → ${labels.get(target)}`,
        focusable: false, selectable: false,
      }];
    }));
    return { nodes, edges };
  }, [definition, editable, number, onFix, overlays, selectedId, size, t, text, warningText]);

  const [flowNodes, setFlowNodes] = useState<JourneyFlowNode[]>(built.nodes);
  useEffect(() => {
    // Keep what React Flow measured, or it would measure every node again on each change.
    setFlowNodes((previous) => built.nodes.map((node) => {
      const measured = previous.find((item) => item.id === node.id)?.measured;
      return measured ? { ...node, measured } : node;
    }));
  }, [built.nodes]);

  const onNodesChange = (changes: NodeChange<JourneyFlowNode>[]) => {
    const next = applyNodeChanges(changes, flowNodes);
    setFlowNodes(next);
    if (changes.some((change) => change.type === 'select')) onSelect(next.find((node) => node.selected)?.id ?? null);
  };

  const ariaLabelConfig: Partial<AriaLabelConfig> = useMemo(() => ({
    'node.a11yDescription.default': t('map.a11y.node'),
    'node.a11yDescription.keyboardDisabled': t('map.a11y.node'),
    'edge.a11yDescription.default': t('map.a11y.edge'),
    'controls.ariaLabel': t('map.a11y.controls'),
    'controls.zoomIn.ariaLabel': t('map.a11y.zoomIn'),
    'controls.zoomOut.ariaLabel': t('map.a11y.zoomOut'),
    'controls.fitView.ariaLabel': t('map.a11y.fitView'),
  }), [t]);

  return (
    <div ref={container} className="jmap" role="region" aria-label={t('map.label')}>
      <ReactFlow<JourneyFlowNode, JourneyFlowEdge>
        nodes={flowNodes} edges={built.edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange}
        onNodeDragStop={(_event, _node, dragged) => onMove(new Map(flowNodes.map((node) => [node.id, dragged.find((item) => item.id === node.id)?.position ?? node.position])))}
        onPaneClick={() => onSelect(null)}
        nodesDraggable={editable} nodesConnectable={false} edgesFocusable={false} elementsSelectable deleteKeyCode={null}
        fitView fitViewOptions={{ padding: 0.06 }} minZoom={0.25} maxZoom={1.5} ariaLabelConfig={ariaLabelConfig}
      >
        <Background gap={20} size={1} color="#d9dde5" />
        <Controls showInteractive={false} />
        <FitOnChange signature={`${size.nodeWidth}:${definition.nodes.map((node) => node.id).join(',')}`} />
        <FocusNode id={selectedId} inset={panelInset} />
      </ReactFlow>
      {children}
    </div>
  );
}
