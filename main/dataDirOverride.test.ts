import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { defaultDataDir } from '../base/dataDir';
import { appDataDir, dataDirOverride } from './dataDirOverride';

test('BUSKER_DATA_DIR overrides the data folder, made absolute', () => {
  assert.equal(
    dataDirOverride({ BUSKER_DATA_DIR: '/tmp/busker-test' }, '/home/listener'),
    resolve('/tmp/busker-test'),
  );
  assert.equal(
    dataDirOverride({ BUSKER_DATA_DIR: 'profiles/second' }, '/home/listener'),
    resolve('/home/listener/profiles/second'),
  );
});

test('an unset or blank BUSKER_DATA_DIR means the default folder', () => {
  assert.equal(dataDirOverride({}, '/home/listener'), null);
  assert.equal(dataDirOverride({ BUSKER_DATA_DIR: '  ' }, '/home/listener'), null);
});

test('without an override the app uses the same folder as the busker command', () => {
  assert.equal(
    appDataDir({ BUSKER_DATA_DIR: '/tmp/busker-test' }, '/home/listener'),
    resolve('/tmp/busker-test'),
  );
  const env = { XDG_DATA_HOME: '/data' };
  assert.equal(appDataDir(env, '/home/listener'), defaultDataDir(env));
});
