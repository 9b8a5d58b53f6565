/** The SVG of every icon a style sheet draws as a `data:` image, decoded, in order. */
export function iconImagesIn(css: string): string[] {
  return Array.from(css.matchAll(/url\("data:image\/svg\+xml,([^"]*)"\)/g), (match) =>
    decodeURIComponent(match[1] ?? ''),
  );
}
