import { describeKeyServerApi } from './testing/keyServerApiSuite';

describeKeyServerApi('sqlite');
