// The same API suite on a real PostgreSQL started for the test; fails (never skips) without one.
import { describeKeyServerApi } from './testing/keyServerApiSuite';

describeKeyServerApi('postgres');
