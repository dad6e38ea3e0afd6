export * from "./auth";
export * from "./workspaces";
export * from "./workflows";
export * from "./engine";
export * from "./data";
export * from "./triggers";
export * from "./integrations";
export * from "./monitoring";
