// The worker thread tags are read in (see tagThreads.ts; its loop is tagWorkerJobs.ts). Run from
// source, music-metadata is loaded from node_modules, so a load hook first makes its parses share
// one tag mapper (tagMapperSharing.js), then the loop is loaded; bundled, the build did it already.
import * as nodeModule from 'node:module';
import { shareTagMapperOnLoad } from './tagMapperSharing';

// Node 22.15 and later; an older one parses as music-metadata ships, only slower.
if (import.meta.url.endsWith('.ts') && typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({ load: shareTagMapperOnLoad });
}
await import('./tagWorkerJobs');
