// Keyboard and focus for the plain popups the server draws without components: PlainMenu (the APG menu-button
// pattern) and the query bar's completions (an ARIA combobox). Installed once per page when first imported; all
// listeners are delegated, so the server keeps no reference and a closed menu costs it nothing but its button.
// Keys handled here are stopped in the capture phase, so the board's shortcuts (board.js) never see them.

const itemSelector = '[role="menuitem"]:not([disabled]), [role="menuitemcheckbox"]:not([disabled])';
// Which end to focus when a menu opened by the keyboard appears ("first" or "last"), by its button.
const focusOnOpen = new WeakMap();
// Buttons clicked open whose list has not arrived yet: another key must not click them shut again.
const opening = new WeakSet();

const buttonOf = (menu) => menu.parentElement?.querySelector(":scope > [data-plain-menu-button]");
const menuOf = (button) => button.parentElement?.querySelector(":scope > [data-plain-menu-list]");
const itemsOf = (menu) => [...menu.querySelectorAll(itemSelector)];

function focusItem(menu, index) {
    const items = itemsOf(menu);
    if (items.length === 0) {
        menu.focus();
        return;
    }
    items[(index + items.length) % items.length].focus();
}

// Closes through the server (the backdrop's click handler); focus goes back to the button when asked.
function close(menu, refocus) {
    const button = buttonOf(menu);
    if (refocus) button?.focus();
    menu.parentElement?.querySelector(":scope > .plain-menu-backdrop")?.click();
}

// The list appears after the server's render: focus an item then, keep it inside the viewport, and when it goes
// away while holding focus (an item chosen, Escape, a click outside), give focus back to the button.
function whenOpened(button) {
    const host = button.parentElement;
    if (!host || button.getAttribute("aria-expanded") === "true" || opening.has(button)) return;
    opening.add(button);
    const stop = () => {
        opened.disconnect();
        clearTimeout(giveUp);
        opening.delete(button);
    };
    const opened = new MutationObserver(() => {
        const menu = menuOf(button);
        if (!menu) return;
        stop();
        if (menu.getBoundingClientRect().right > document.documentElement.clientWidth) menu.dataset.align = "end";
        focusItem(menu, focusOnOpen.get(button) === "last" ? -1 : 0);
        focusOnOpen.delete(button);
        const closed = new MutationObserver(() => {
            if (menu.isConnected) return;
            closed.disconnect();
            if (!document.activeElement || document.activeElement === document.body) button.focus();
        });
        closed.observe(host, { childList: true });
    });
    opened.observe(host, { childList: true });
    const giveUp = setTimeout(stop, 5000);
}

function onMenuButtonKey(e, button) {
    const open = button.getAttribute("aria-expanded") === "true";
    switch (e.key) {
        case "Enter":
        case " ":
            // The button's own activation clicks it; only keep the board from treating Enter as a shortcut.
            e.stopPropagation();
            if (opening.has(button)) e.preventDefault();
            return;
        case "ArrowDown":
        case "ArrowUp":
            e.preventDefault();
            e.stopPropagation();
            if (open) {
                const menu = menuOf(button);
                if (menu) focusItem(menu, e.key === "ArrowUp" ? -1 : 0);
            } else {
                focusOnOpen.set(button, e.key === "ArrowUp" ? "last" : "first");
                if (!opening.has(button)) button.click();
            }
            return;
    }
}

function onMenuKey(e, menu) {
    const items = itemsOf(menu);
    const index = items.indexOf(e.target.closest(itemSelector));
    switch (e.key) {
        case "ArrowDown": e.preventDefault(); focusItem(menu, index + 1); break;
        case "ArrowUp": e.preventDefault(); focusItem(menu, index < 0 ? -1 : index - 1); break;
        case "Home": e.preventDefault(); focusItem(menu, 0); break;
        case "End": e.preventDefault(); focusItem(menu, -1); break;
        case "Escape": e.preventDefault(); close(menu, true); break;
        case "Tab": close(menu, false); break; // focus moves on as usual; the items are out of the tab order
        default:
            // Type-ahead: the next item whose text starts with the character.
            if (e.key.length === 1 && e.key !== " ") {
                const key = e.key.toLowerCase();
                const next = items.map((_, i) => items[(index + 1 + i) % items.length]).find(item => item.textContent.trim().toLowerCase().startsWith(key));
                next?.focus();
            }
    }
    // Every key pressed in an open menu is the menu's: never a board shortcut (Enter and Space still activate the item).
    e.stopPropagation();
}

document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !(e.target instanceof Element)) return;
    const target = e.target;
    if (target.matches("[data-plain-menu-button]")) {
        onMenuButtonKey(e, target);
    } else if (target.closest("[data-plain-menu-list]")) {
        onMenuKey(e, target.closest("[data-plain-menu-list]"));
    } else if (target.matches('input[role="combobox"][aria-expanded="true"]') && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
        // The server moves the active option; the caret stays where the analyst left it.
        e.preventDefault();
    }
}, true);

// A menu opens through its button's click, by mouse or keyboard; a second click before the list arrives is swallowed,
// so it cannot close the menu again unseen.
document.addEventListener("click", (e) => {
    const button = e.target instanceof Element ? e.target.closest("[data-plain-menu-button]") : null;
    if (!button || button.disabled) return;
    if (opening.has(button)) {
        e.preventDefault();
        e.stopPropagation();
        return;
    }
    whenOpened(button);
}, true);
