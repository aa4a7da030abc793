/**
 * The EU emblem drawn as SVG (twelve gold five-pointed stars in a circle on reflex blue, 3:2), for a plan funded by
 * the EU that gives no image file for it: the emblem must appear beside the funding sentence on every page.
 * Geometry of the official description: the stars' centres on a circle of radius 1/3 of the height, each star's
 * points on a circle of radius 1/18 of the height, one point straight up.
 */
import type { FC } from 'hono/jsx';

const W = 810;
const H = 540;

/** A five-pointed star's outline centred on (cx, cy), outer radius r, one point up. */
function star(cx: number, cy: number, r: number): string {
  const inner = r * 0.382;
  const points: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const radius = i % 2 === 0 ? r : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(
      `${(cx + radius * Math.cos(angle)).toFixed(2)},${(cy + radius * Math.sin(angle)).toFixed(2)}`,
    );
  }
  return points.join(' ');
}

const STARS = Array.from({ length: 12 }, (_, i) => {
  const angle = (i * Math.PI) / 6;
  return star(W / 2 + (H / 3) * Math.sin(angle), H / 2 - (H / 3) * Math.cos(angle), H / 18);
});

export const EuEmblem: FC<{ label: string }> = ({ label }) => (
  <svg viewBox={`0 0 ${W} ${H}`} width="72" height="48" role="img" aria-label={label}>
    <rect width={W} height={H} fill="#003399" />
    {STARS.map((points) => (
      <polygon points={points} fill="#FFCC00" />
    ))}
  </svg>
);
