/** What the fake holds: stacks, their resources and events, and change sets. */
import type { Json, TemplateModel } from './template.js';

export interface Parameter {
  key: string;
  value: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface ResourceState {
  logicalId: string;
  type: string;
  physicalId: string;
  /** The properties as last applied, parameters resolved: what a change set compares. */
  properties: string;
  metadata: string;
  status: string;
}

export interface StackEvent {
  eventId: string;
  stackId: string;
  stackName: string;
  logicalId: string;
  physicalId: string;
  resourceType: string;
  timestamp: string;
  status: string;
  reason?: string;
  clientRequestToken?: string;
}

export interface Output {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export interface StackRecord {
  stackId: string;
  name: string;
  region: string;
  accountId: string;
  status: string;
  statusReason?: string;
  creationTime: string;
  lastUpdatedTime?: string;
  deletionTime?: string;
  /** The template and settings in force (undefined while REVIEW_IN_PROGRESS). */
  template?: TemplateModel;
  parameters: Parameter[];
  tags: Tag[];
  capabilities: string[];
  notificationArns: string[];
  roleArn?: string;
  disableRollback: boolean;
  terminationProtection: boolean;
  outputs: Output[];
  resources: Map<string, ResourceState>;
  /** Oldest first. */
  events: StackEvent[];
  changeSetId?: string;
  /** The operation under way; each tick runs it to its next yield. */
  operation?: Generator<void, void, void>;
}

export type ChangeAction = 'Add' | 'Modify' | 'Remove';

export interface ResourceChange {
  action: ChangeAction;
  logicalId: string;
  physicalId?: string;
  type: string;
  replacement?: 'True' | 'False';
  scope: string[];
}

export interface ChangeSetRecord {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  region: string;
  type: 'CREATE' | 'UPDATE';
  status: string;
  statusReason?: string;
  executionStatus: string;
  creationTime: string;
  description?: string;
  template: TemplateModel;
  parameters: Parameter[];
  tags: Tag[];
  capabilities: string[];
  notificationArns: string[];
  roleArn?: string;
  changes: ResourceChange[];
  operation?: Generator<void, void, void>;
}

export type FailOn = 'create' | 'update' | 'delete';

/** `Metadata: {FakeCloudFormation: {...}}` on a resource: how the fake should treat it. */
export interface ResourceMarker {
  fail?: FailOn;
  reason?: string;
  attributes: Record<string, string>;
}

export function markerOf(metadata: Record<string, Json>): ResourceMarker {
  const marker = metadata.FakeCloudFormation;
  if (typeof marker !== 'object' || marker === null || Array.isArray(marker)) return { attributes: {} };
  const fail = typeof marker.Fail === 'string' ? marker.Fail.toLowerCase() : undefined;
  const attributes = marker.Attributes;
  return {
    ...(fail === 'create' || fail === 'update' || fail === 'delete' ? { fail } : {}),
    ...(typeof marker.Reason === 'string' ? { reason: marker.Reason } : {}),
    attributes:
      typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes)
        ? Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, String(value)]))
        : {},
  };
}
