const path = require('path');
const { task, src, dest } = require('gulp');

// tsc emits only JavaScript: the icons and the codex (*.node.json) must sit beside the built files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	),
);
