// Public surface of the pure engine.
export * from "./graph";
export * from "./errors";
export * from "./retry";
export * from "./node-spec";
export * from "./topology";
export * from "./validate";
export * from "./expression";
export * from "./template";
export * from "./config-fields";
export * from "./conditions";
export * from "./state";
export * from "./interpreter";
