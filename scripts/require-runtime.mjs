// The project runs on Node 24 or newer. `npm ci` installs the pinned release (.node-version) from the npm
// registry into node_modules on Linux x64 and arm64, and npm scripts find it first on their PATH; anywhere
// else the machine's own Node must be new enough. One sentence instead of a stack trace when it is not.
const MINIMUM_MAJOR = 24;
const major = Number(process.versions.node.split(".")[0]);
if (major < MINIMUM_MAJOR) {
  console.error(
    `This project needs Node ${MINIMUM_MAJOR} or newer, but ${process.execPath} is Node ${process.versions.node}: ` +
      `run it through npm (npm start, npm test), which uses the Node that npm install (or npm ci) put in node_modules/.bin ` +
      `on Linux x64 and arm64, or install Node ${MINIMUM_MAJOR}+ (the pinned version is in .node-version).`,
  );
  process.exit(1);
}
