import { describeKeyStoreContract } from '../testing/keyStoreContract';

describeKeyStoreContract('sqlite');
