// Runs against a real PostgreSQL started for the test; fails (never skips) where none is installed.
import { describeKeyStoreContract } from '../testing/keyStoreContract';

describeKeyStoreContract('postgres');
