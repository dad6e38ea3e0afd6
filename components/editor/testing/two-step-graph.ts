// The graph the editor-store tests load: a Manual trigger connected to one Set step.
export const twoStepGraph = {
  schemaVersion: 1 as const,
  nodes: [
    { id: "start", type: "trigger.manual", name: "Start", position: { x: 0, y: 0 }, config: {}, notes: "" },
    { id: "set_a", type: "data.set", name: "Build", position: { x: 300, y: 0 }, config: { fields: [] }, notes: "" },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "main", target: "set_a" }],
  settings: {},
};
