// @torch/backend: the gateway's composition root and configuration, for start scripts and tests.
// (npm start's launcher and the embedded store are in ./launcher, with their own index.)
export { type Gateway, type GatewayParts, createGateway } from './app.ts';
export { type GatewayConfig, GatewayConfigSchema, loadGatewayConfig } from './config.ts';
