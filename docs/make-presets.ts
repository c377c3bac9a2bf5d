// npm run docs:presets — renders every avatar preset (front + side, common scale) into docs/presets.png
// and one image per preset into docs/presets/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAvatar, listAvatarPresets } from '../src/generate/index.js';
import { contactSheet, documentMeshes, encodePNG, renderViews } from '../src/generate/preview.js';

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'presets'), { recursive: true });
const images = [];
for (const preset of listAvatarPresets()) {
	const { document, summary } = await generateAvatar({ preset, validate: false });
	const meshes = documentMeshes(document);
	// a 2.3 m reference so that every preset is drawn at the same scale
	meshes.push({ positions: [0, 0, 0, 0, 2.3, 0, 0.001, 0, 0], indices: [0, 1, 2], color: [0.93, 0.94, 0.96] });
	const img = renderViews(meshes, { size: 420, views: ['front', 'side'] });
	writeFileSync(join(here, 'presets', `${preset}.png`), encodePNG(img));
	images.push(img);
	process.stderr.write(`${preset}: ${summary.face_count} triangles, ${summary.parameters.height.toFixed(2)} m\n`);
}
writeFileSync(join(here, 'presets.png'), encodePNG(contactSheet(images, 5)));
process.stderr.write(`wrote docs/presets.png (${listAvatarPresets().join(', ')})\n`);
