// The menu button on its own: the WAI-ARIA menu button pattern with the
// keyboard and the pointer, disabled items, hints, separators, and items
// rebuilt on every open.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Menu, { type MenuItem } from './Menu.svelte';

afterEach(() => cleanup());

function setup(build: () => MenuItem[] | Promise<MenuItem[]>) {
  const items = vi.fn(build);
  render(Menu, { props: { label: 'File', items, testid: 'file-menu' } });
  const button = screen.getByTestId('file-menu');
  return { items, button };
}

const runs = { new: vi.fn(), open: vi.fn(), gone: vi.fn(), demo: vi.fn() };
const standard = (): MenuItem[] => [
  { label: 'New plan…', shortcut: 'Ctrl+N', testid: 'menu-new', run: runs.new },
  { label: 'Open…', shortcut: 'Ctrl+O', run: runs.open },
  { label: 'Gone plan', hint: '/plans/gone.trainyard', disabled: true, separator: true, run: runs.gone },
  { label: 'Open the demo plan', separator: true, run: runs.demo },
];

const menuitem = (name: RegExp) => screen.getByRole('menuitem', { name });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const active = () => text(document.activeElement);

describe('Menu: keyboard', () => {
  afterEach(() => Object.values(runs).forEach((r) => r.mockClear()));

  it('opens with ArrowDown on the first item, moves with arrows skipping disabled items, Home/End, wraps', async () => {
    const { button } = setup(standard);
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();

    button.focus();
    await fireEvent.keyDown(button, { key: 'ArrowDown' });
    await waitFor(() => expect(active()).toBe('New plan… Ctrl+N'));
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('menu').getAttribute('aria-label')).toBe('File');

    const menu = screen.getByRole('menu');
    await fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(active()).toBe('Open… Ctrl+O');
    await fireEvent.keyDown(menu, { key: 'ArrowDown' }); // skips the disabled "Gone plan"
    expect(active()).toBe('Open the demo plan');
    await fireEvent.keyDown(menu, { key: 'ArrowDown' }); // wraps to the top
    expect(active()).toBe('New plan… Ctrl+N');
    await fireEvent.keyDown(menu, { key: 'ArrowUp' }); // wraps to the bottom
    expect(active()).toBe('Open the demo plan');
    await fireEvent.keyDown(menu, { key: 'ArrowUp' }); // skips the disabled item upwards too
    expect(active()).toBe('Open… Ctrl+O');
    await fireEvent.keyDown(menu, { key: 'Home' });
    expect(active()).toBe('New plan… Ctrl+N');
    await fireEvent.keyDown(menu, { key: 'End' });
    expect(active()).toBe('Open the demo plan');
  });

  it('Escape closes the menu and gives the focus back to the button, without reaching outer handlers', async () => {
    const { button } = setup(standard);
    const outer = vi.fn();
    window.addEventListener('keydown', outer);
    try {
      await fireEvent.keyDown(button, { key: 'ArrowDown' });
      await waitFor(() => expect(active()).toBe('New plan… Ctrl+N'));
      await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
      expect(screen.queryByRole('menu')).toBeNull();
      expect(button.getAttribute('aria-expanded')).toBe('false');
      expect(document.activeElement).toBe(button);
      expect(outer.mock.calls.filter(([e]) => (e as KeyboardEvent).key === 'Escape')).toHaveLength(0);
    } finally {
      window.removeEventListener('keydown', outer);
    }
  });

  it.each(['Enter', ' '])('opens with %j on the first item; Enter on an item runs it and closes', async (key) => {
    const { button } = setup(standard);
    await fireEvent.keyDown(button, { key });
    await waitFor(() => expect(active()).toBe('New plan… Ctrl+N'));
    await fireEvent.keyDown(screen.getByRole('menu'), { key: 'ArrowDown' });
    // A focused button's Enter becomes a click.
    await fireEvent.click(document.activeElement!);
    expect(runs.open).toHaveBeenCalledTimes(1);
    expect(runs.new).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('Tab closes the menu and leaves the focus to move on', async () => {
    const { button } = setup(standard);
    await fireEvent.keyDown(button, { key: 'ArrowDown' });
    await waitFor(() => expect(active()).toBe('New plan… Ctrl+N'));
    const item = document.activeElement!;
    await fireEvent.keyDown(item, { key: 'Tab' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).not.toBe(button);
  });

  it('ArrowUp with the focus on the menu itself, not an item, goes to the last item; ArrowDown to the first', async () => {
    const { button } = setup(standard);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('menu')).toBeTruthy());
    const menu = screen.getByRole('menu');
    menu.focus(); // a click on the menu's padding or a separator
    await fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(active()).toBe('Open the demo plan');
    menu.focus();
    await fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(active()).toBe('New plan… Ctrl+N');
  });

  it('ignores other keys on the button', async () => {
    const { button, items } = setup(standard);
    await fireEvent.keyDown(button, { key: 'a' });
    await fireEvent.keyDown(button, { key: 'ArrowUp' });
    expect(items).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('Menu: pointer and items', () => {
  afterEach(() => Object.values(runs).forEach((r) => r.mockClear()));

  it('a click toggles the menu without moving the focus into it', async () => {
    const { button } = setup(standard);
    button.focus();
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('menu')).toBeTruthy());
    await Promise.resolve();
    expect(document.activeElement).toBe(button);
    await fireEvent.click(button);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('shows shortcuts, hints and separators; a disabled item is disabled and does not run', async () => {
    const { button } = setup(standard);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('menu')).toBeTruthy());
    expect(screen.getAllByRole('menuitem').map(text)).toEqual([
      'New plan… Ctrl+N', 'Open… Ctrl+O', 'Gone plan/plans/gone.trainyard', 'Open the demo plan',
    ]);
    expect(menuitem(/^New plan/).querySelector('.shortcut')?.textContent).toBe('Ctrl+N');
    expect(menuitem(/^New plan/).getAttribute('data-testid')).toBe('menu-new');
    const gone = menuitem(/^Gone plan/);
    expect(gone.querySelector('.hint')?.textContent).toBe('/plans/gone.trainyard');
    expect((gone as HTMLButtonElement).disabled).toBe(true);
    // Separators come before "Gone plan" and before the demo item, and nowhere else.
    const seps = screen.getAllByRole('separator');
    expect(seps).toHaveLength(2);
    expect(seps[0].nextElementSibling).toBe(gone);
    expect(seps[1].nextElementSibling).toBe(menuitem(/^Open the demo plan/));

    // What a browser does with a click on a disabled button or on its text.
    (gone as HTMLButtonElement).click();
    await fireEvent.click(gone.querySelector('.label')!);
    expect(runs.gone).not.toHaveBeenCalled();
    expect(screen.getByRole('menu')).toBeTruthy();
  });

  it('choosing an item closes the menu, returns the focus and runs the item once', async () => {
    const { button } = setup(standard);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('menu')).toBeTruthy());
    await fireEvent.click(menuitem(/^Open the demo plan/));
    expect(runs.demo).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('a pointer down outside closes it; inside the menu or on its button does not', async () => {
    const { button } = setup(standard);
    const outside = document.body.appendChild(document.createElement('div'));
    try {
      await fireEvent.click(button);
      await waitFor(() => expect(screen.getByRole('menu')).toBeTruthy());
      await fireEvent.pointerDown(menuitem(/^Open…/));
      expect(screen.getByRole('menu')).toBeTruthy();
      await fireEvent.pointerDown(button);
      expect(screen.getByRole('menu')).toBeTruthy();
      await fireEvent.pointerDown(outside);
      expect(screen.queryByRole('menu')).toBeNull();
      expect(button.getAttribute('aria-expanded')).toBe('false');
      expect(document.activeElement).not.toBe(button); // the click outside keeps its focus
    } finally {
      outside.remove();
    }
  });

  it('asks for its items on every open (a fresh recent list), also when they come from a promise', async () => {
    let recent = ['alpha.trainyard'];
    const { button, items } = setup(async () => recent.map((r) => ({ label: r, run: () => {} })));
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getAllByRole('menuitem').map(text)).toEqual(['alpha.trainyard']));
    await fireEvent.click(button);
    expect(screen.queryByRole('menu')).toBeNull();
    recent = ['beta.trainyard', 'alpha.trainyard'];
    await fireEvent.keyDown(button, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getAllByRole('menuitem').map(text)).toEqual(['beta.trainyard', 'alpha.trainyard']));
    await waitFor(() => expect(active()).toBe('beta.trainyard'));
    expect(items).toHaveBeenCalledTimes(2);
  });
});
