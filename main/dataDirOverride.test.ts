import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { dataDirOverride } from './dataDirOverride';

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
