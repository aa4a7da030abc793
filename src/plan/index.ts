/** Public API of the plan domain: schema and types, YAML loader, consistency checks. */
export * from './schema';
export * from './loader';
export * from './checks';
