// Worker bootstrap of parse-isolated.ts: registers tsx (the sources are TypeScript) and loads the parse worker.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
