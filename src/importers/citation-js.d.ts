/** Typings for the parts of citation-js Herald uses (the packages ship none). */
declare module '@citation-js/core' {
  interface InputOptions {
    generateGraph?: boolean;
    forceType?: string;
    maxChainLength?: number;
  }
  const core: {
    plugins: {
      input: {
        /** Parses input of any registered format to CSL-JSON items. */
        chain(data: unknown, options?: InputOptions): unknown[];
        list(): string[];
      };
    };
    logger: {
      level: string;
      /** Every message is kept here, whatever the level. */
      _log: unknown[];
    };
  };
  export default core;
}

declare module '@citation-js/plugin-ris';

declare module '@citation-js/plugin-csl';
