import { act } from 'preact/test-utils';

/**
 * Small role-based DOM queries for page tests (Testing Library is not installed): find elements
 * the way assistive technology does, by ARIA role and accessible name.
 */

const IMPLICIT_ROLES: readonly [string, string][] = [
  ['a[href]', 'link'],
  ['button', 'button'],
  ['input[type=button], input[type=submit], input[type=reset]', 'button'],
  ['h1, h2, h3, h4, h5, h6', 'heading'],
  [
    'input:not([type]), input[type=text], input[type=email], input[type=tel], input[type=url], input[type=search], textarea',
    'textbox',
  ],
  ['input[type=number]', 'spinbutton'],
  ['input[type=checkbox]', 'checkbox'],
  ['select', 'combobox'],
  ['ul, ol', 'list'],
  ['li', 'listitem'],
  ['img[alt]', 'img'],
  ['nav', 'navigation'],
  ['main', 'main'],
  ['table', 'table'],
  ['form', 'form'],
  ['fieldset', 'group'],
  ['section[aria-label], section[aria-labelledby]', 'region'],
];

/** Roles whose accessible name comes from their text content. */
const NAMED_BY_CONTENT = new Set([
  'link',
  'button',
  'heading',
  'listitem',
  'status',
  'alert',
  'cell',
  'row',
  'tab',
  'option',
]);

export function roleOf(element: Element): string | undefined {
  const explicit = element.getAttribute('role');
  if (explicit) return explicit.split(/\s+/)[0];
  return IMPLICIT_ROLES.find(([selector]) => element.matches(selector))?.[1];
}

function isHidden(element: Element): boolean {
  for (let node: Element | null = element; node; node = node.parentElement) {
    if (node.hasAttribute('hidden') || node.getAttribute('aria-hidden') === 'true') return true;
  }
  return false;
}

const normalize = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Text as a screen reader reads it: aria-hidden parts skipped, visually-hidden parts kept. */
function textOf(element: Element): string {
  let text = '';
  for (const child of element.childNodes) {
    if (child.nodeType === 3) text += child.textContent;
    else if (child instanceof Element && child.getAttribute('aria-hidden') !== 'true')
      text += ` ${accessibleNameFromContent(child)} `;
  }
  return normalize(text);
}

function accessibleNameFromContent(element: Element): string {
  return element.getAttribute('aria-label') ?? (element instanceof HTMLImageElement ? element.alt : textOf(element));
}

export function accessibleName(element: Element): string {
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    return normalize(
      labelledBy
        .split(/\s+/)
        .map((id) => {
          const target = element.ownerDocument.getElementById(id);
          return target ? textOf(target) : '';
        })
        .join(' '),
    );
  }
  const label = element.getAttribute('aria-label');
  if (label) return normalize(label);
  if (
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement
  ) {
    const labels = element.labels ? [...element.labels] : [];
    return normalize(labels.map((l) => textOf(l)).join(' '));
  }
  if (element instanceof HTMLImageElement) return normalize(element.alt);
  if (element instanceof HTMLFieldSetElement)
    return textOf(element.querySelector('legend') ?? element.ownerDocument.createElement('span'));
  if (element instanceof HTMLTableElement)
    return textOf(element.querySelector('caption') ?? element.ownerDocument.createElement('span'));
  const role = roleOf(element);
  return role && NAMED_BY_CONTENT.has(role) ? textOf(element) : '';
}

export interface RoleOptions {
  /** Exact accessible name, or a pattern it must match. */
  readonly name?: string | RegExp;
  readonly level?: number;
}

function matchesName(element: Element, name: RoleOptions['name']): boolean {
  if (name === undefined) return true;
  const actual = accessibleName(element);
  return typeof name === 'string' ? actual === name : name.test(actual);
}

export function queryAllByRole(
  role: string,
  options: RoleOptions = {},
  root: ParentNode = document.body,
): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('*')].filter(
    (element) =>
      roleOf(element) === role &&
      !isHidden(element) &&
      matchesName(element, options.name) &&
      (options.level === undefined || element.tagName === `H${options.level}`),
  );
}

function describeRole(role: string, options: RoleOptions): string {
  return `role "${role}"${options.name !== undefined ? ` named ${String(options.name)}` : ''}`;
}

export function getByRole(role: string, options: RoleOptions = {}, root: ParentNode = document.body): HTMLElement {
  const found = queryAllByRole(role, options, root);
  const [only] = found;
  if (found.length === 1 && only) return only;
  const available = queryAllByRole(role, {}, root)
    .map((element) => `"${accessibleName(element)}"`)
    .join(', ');
  throw new Error(
    `Expected one element with ${describeRole(role, options)}, found ${found.length}. Elements with that role: ${available || 'none'}`,
  );
}

export function queryByRole(
  role: string,
  options: RoleOptions = {},
  root: ParentNode = document.body,
): HTMLElement | null {
  const found = queryAllByRole(role, options, root);
  if (found.length > 1)
    throw new Error(`Expected at most one element with ${describeRole(role, options)}, found ${found.length}`);
  return found[0] ?? null;
}

/** Retries an assertion until it passes (renders and responses are asynchronous). */
export async function waitFor<T>(assertion: () => T, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export const findByRole = (
  role: string,
  options: RoleOptions = {},
  root: ParentNode = document.body,
  timeoutMs?: number,
) => waitFor(() => getByRole(role, options, root), timeoutMs);

export function textContent(element: Element): string {
  return textOf(element);
}

const dispatchClick = (element: HTMLElement) =>
  element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));

/**
 * A primary-button click, as a mouse or a keyboard's Enter/Space on a button produces; the app
 * re-renders before the next interaction, as it would between two human actions.
 */
export async function click(element: HTMLElement): Promise<void> {
  await act(() => void dispatchClick(element));
}

/** Two clicks before the app can re-render in between (an impatient double click). */
export async function doubleClick(element: HTMLElement): Promise<void> {
  await act(() => {
    dispatchClick(element);
    dispatchClick(element);
  });
}

/** Replaces a field's value the way typing does (one input event). */
export async function type(element: HTMLElement, value: string): Promise<void> {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement))
    throw new Error('type() needs an input or textarea');
  await act(() => {
    element.focus();
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Leaves a field, firing blur like a Tab away does. */
export async function blur(element: HTMLElement): Promise<void> {
  await act(() => {
    element.focus();
    element.blur();
  });
}
