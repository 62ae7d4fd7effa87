import type { Schemas } from '@tth/contracts';
import { formatDay, formatMonth } from '../format';

/** A stable hue per event, so each one has its own colour without shipping images. */
function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

/** Generated event artwork with the date; described by `imageAlt` when the catalog has one. */
export function Poster(props: { readonly event: Schemas['EventSummary']; readonly large?: boolean }) {
  const { event } = props;
  const described = event.imageAlt !== undefined && event.imageAlt !== '';
  return (
    <div
      class={props.large ? 'poster poster--large' : 'poster'}
      style={{ '--hue': String(hueOf(event.id)) }}
      {...(described ? { role: 'img', 'aria-label': event.imageAlt } : { 'aria-hidden': 'true' })}
    >
      <span class="poster__date" aria-hidden="true">
        <span class="poster__day">{formatDay(event.startsAt)}</span>
        <span class="poster__month">{formatMonth(event.startsAt)}</span>
      </span>
    </div>
  );
}
