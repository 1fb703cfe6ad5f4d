// Packaging config checked against electron-builder's own JSON schema, so a typo fails
// here and not on the one machine that can download Electron.
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema really is checking: a wrong type is caught.
    expect(validate({ ...config, appId: 5 })).toBe(false);
  });

  it('builds AppImage and deb, dmg, and an NSIS installer for Runyard', () => {
    expect(config).toMatchObject({
      appId: 'org.runyard.app',
      productName: 'Runyard',
      extraMetadata: { main: 'dist/electron/main.cjs' },
    });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.files).toContain('dist/**');
  });

  it('has a 512×512 PNG icon', () => {
    for (const icon of [config.icon, config.linux.icon, config.mac.icon, config.win.icon])
      expect(icon).toBe('build/icon.png');
    const png = fs.readFileSync(path.join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('is documented: how to package where Electron can be downloaded', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/packaging.md'), 'utf8');
    for (const cmd of [
      'npx electron-builder --linux',
      'npx electron-builder --mac',
      'npx electron-builder --win',
      'npm run build',
    ])
      expect(doc).toContain(cmd);
  });
});
