import { useEffect, useState } from 'preact/hooks';

type Modules = readonly (readonly boolean[])[];

/** Loaded on first use: only the order page with tickets pays for the QR encoder. */
async function encode(value: string): Promise<Modules> {
  const { default: qrcode } = await import('qrcode-generator');
  const qr = qrcode(0, 'M');
  qr.addData(value);
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => qr.isDark(row, col)));
}

/** One SVG path for all dark modules: crisp at any size, printable, no canvas. */
function pathOf(modules: Modules, quiet: number): string {
  let d = '';
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    }),
  );
  return d;
}

const QUIET_ZONE = 4;

export function QrCode(props: { readonly value: string; readonly label: string }) {
  const [modules, setModules] = useState<Modules | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    encode(props.value).then(
      (result) => current && setModules(result),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [props.value]);

  if (failed) return <p class="qr qr--failed">Show the ticket code at the door.</p>;
  if (!modules) return <div class="qr qr--loading" role="img" aria-label={`${props.label} (loading)`} />;
  const size = modules.length + QUIET_ZONE * 2;
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={props.label} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={pathOf(modules, QUIET_ZONE)} fill="#000" />
    </svg>
  );
}
