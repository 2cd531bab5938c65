import { el } from './dom';

/** Form controls shared by the spend and graph webviews; every label goes through textContent. */

export function button(text: string, hint: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { text, title: hint, className, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

export interface Option<T extends string> {
  value: T;
  label: string;
}

/** A control with its visible label. */
export interface Field<E extends HTMLElement> {
  root: HTMLLabelElement;
  input: E;
}

/** A `<select>` with a visible label; `onChange` gets the chosen value. */
export function select<T extends string>(
  label: string,
  options: readonly Option<T>[],
  value: T,
  onChange: (value: T) => void,
): Field<HTMLSelectElement> {
  const input = el('select');
  for (const o of options) input.append(el('option', { text: o.label, attrs: { value: o.value } }));
  input.value = value;
  // The wrapping label would also read out every option; the name is the label alone.
  input.setAttribute('aria-label', label);
  input.addEventListener('change', () => onChange(input.value as T));
  return { root: el('label', { className: 'field' }, [el('span', { text: label }), input]), input };
}

/** A checkbox with its label. */
export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): Field<HTMLInputElement> {
  const input = el('input', { attrs: { type: 'checkbox' } });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return { root: el('label', { className: 'check' }, [input, el('span', { text: label })]), input };
}

/** Replaces an element's children with `children`. */
export function fill(parent: Element, children: Node[]): void {
  parent.replaceChildren(...children);
}
