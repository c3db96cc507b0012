import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { NodeType } from '../../../../shared/journey/definition.ts';
import type { JourneyFlowNode } from './map-types.ts';

const icons: Record<NodeType, string> = {
  entry_past: '⤷', entry_event: '↯', wait_for: '◔', check: '◇', delay: '◷',
  send_email: '✉', send_sms: '✆', send_in_app: '▣', send_in_web: '◫', email_opened: '✉?',
};

/** One step of the journey on the map: kind, label, key settings, counts, and the journey check's warnings. */
export function JourneyFlowNodeView({ data, selected }: NodeProps<JourneyFlowNode>) {
  const tone = data.type.startsWith('send_') ? 'send' : data.type.startsWith('entry_') ? 'entry' : data.type === 'email_opened' || data.type === 'check' ? 'branch' : 'wait';
  const classes = ['jmap-node', `tone-${tone}`, selected ? 'selected' : '', data.onPath ? 'on-path' : '', data.warnings.length > 0 ? 'has-warning' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      {!data.isEntry && <Handle type="target" position={Position.Left} isConnectable={false} />}
      {data.title === data.typeName ? (
        <div className="jmap-node-label"><span aria-hidden="true" className="jmap-node-icon">{icons[data.type]}</span> {data.title}</div>
      ) : (
        <>
          <div className="jmap-node-type"><span aria-hidden="true" className="jmap-node-icon">{icons[data.type]}</span><span>{data.typeName}</span></div>
          <div className="jmap-node-label">{data.title}</div>
        </>
      )}
      {data.summary && <div className="jmap-node-summary" title={data.summary}>{data.summary}</div>}
      {data.counts.length > 0 && (
        <div className="jmap-node-counts">
          {data.counts.map((count) => <span key={count.key} className={`jmap-count ${count.tone}`}>{count.text}</span>)}
        </div>
      )}
      {data.warnings.map((warning) => (
        <div key={warning.key} className={`jmap-node-warning ${warning.severity}`} title={warning.message}>
          <span aria-hidden="true" className="jmap-warning-icon">⚠</span>
          <span className="jmap-warning-title">{warning.title}</span>
          {warning.onFix && warning.fix && (
            <button type="button" className="nodrag jmap-fix" aria-label={`${data.fixLabel}: ${warning.fix}`} title={warning.fix}
              onClick={(event) => { event.stopPropagation(); warning.onFix?.(); }}>{data.fixLabel}</button>
          )}
        </div>
      ))}
      {data.exits.map((path, index) => (
        <Handle key={path} id={path} type="source" position={Position.Right} isConnectable={false}
          style={data.exits.length > 1 ? { top: `${((index + 1) * 100) / (data.exits.length + 1)}%` } : undefined} />
      ))}
    </div>
  );
}
