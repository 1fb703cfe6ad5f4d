// Which requests act on one runs folder, by name, for clients that do not load the
// contract's schemas (the renderer): all but app.info, dir.*, settings.* and ssh.*. The
// contract's `folderRequests` (from the schemas that take `dir`) is the authority;
// test/api/contract.test.ts keeps the two equal.
export function takesFolder(name: string): boolean {
  return name !== 'app.info' && !/^(dir|settings|ssh)\./.test(name);
}
