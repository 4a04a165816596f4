// Imported first by the renderer's entry, before anything that uses zod.
// The page's CSP forbids eval: zod would probe for it (new Function) to compile fast parsers,
// and the probe alone is reported as a violation. Its plain parsers are fast enough here.
import { z } from 'zod';

z.config({ jitless: true });
