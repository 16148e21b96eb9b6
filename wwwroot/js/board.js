// SLA countdowns tick with the incident pages' clocks (clocks.js): one format, one set of states.
import { tickSla } from "./clocks.js";

// The triage board's browser side, in two parts that follow their elements: the board (keyboard shortcuts, ages and
// SLA clocks ticking without any server render) and its list (scroll state, paging, row clicks), which the server
// rebuilds when the view switches and attaches anew each time.
// Keep in step with ShortcutsDialog (help lists exactly these, and "/"; a test compares them).
const shortcuts = new Set(["j", "k", "x", "a", "s", "c", "d", "n", "e", "?", "Enter", "Escape"]);

// What is attached, by the id attach returned: the server detaches by id, because by then the element may already be
// gone from the page. Attaching an element that is already attached returns its id and adds nothing.
const boards = new Map();
const lists = new Map();
const ids = new WeakMap();
let nextId = 0;
// Page-wide: one keyboard listener and one pair of clock timers while any board is attached, however often its parts
// are rebuilt.
let clocks = null;

/** The board (its root element): keyboard shortcuts, and ages and SLA clocks that tick without a server render. */
export function attachBoard(root, dotnet) {
    sweep();
    const known = attached(boards, root, dotnet);
    if (known) return known;
    // Rows arrive from the server without their age and SLA text (one shared piece of HTML per alert): fill them in as
    // they are inserted, before the browser paints. Only changed text is written, so this never feeds itself.
    const inserted = new MutationObserver(records => {
        for (const record of records) {
            for (const node of record.addedNodes) {
                if (node.nodeType === Node.ELEMENT_NODE) {
                    tickAges(node);
                    tickSla(node);
                }
            }
        }
    });
    inserted.observe(root, { childList: true, subtree: true });
    tickAges(root);
    tickSla(root);
    const s = { element: root, dotnet, inserted };
    // Actions apply to what the analyst looks at: tell the server when focus enters the drawer or the list.
    s.onFocus = (e) => {
        const zone = e.target.closest?.(".detail-panel") ? "drawer" : e.target.closest?.(".board-list") ? "list" : null;
        if (zone) s.dotnet.invokeMethodAsync("OnFocusZone", zone);
    };
    root.addEventListener("focusin", s.onFocus);
    const id = remember(boards, root, s);
    if (!clocks) {
        document.addEventListener("keydown", onKey);
        clocks = { ages: setInterval(() => tickAges(document), 5000), sla: setInterval(() => tickSla(document), 1000) };
    }
    return id;
}

export function detachBoard(id) {
    const s = boards.get(id);
    if (!s) return;
    s.inserted.disconnect();
    s.element.removeEventListener("focusin", s.onFocus);
    forget(boards, id);
    if (boards.size === 0 && clocks) {
        document.removeEventListener("keydown", onKey);
        clearInterval(clocks.ages);
        clearInterval(clocks.sla);
        clocks = null;
    }
}

/**
 * The list element: tells the server whether the analyst is at the top (only then may new rows be inserted) and when
 * the end is near (the next page of older alerts), and which row was clicked or checked.
 */
export function attachList(list, dotnet) {
    sweep();
    const known = attached(lists, list, dotnet);
    if (known) return known;
    const s = { element: list, dotnet, atTop: list.scrollTop <= 4, loadingOlder: false };
    s.onScroll = () => {
        const now = list.scrollTop <= 4;
        if (now !== s.atTop) {
            s.atTop = now;
            s.dotnet.invokeMethodAsync("OnScrollStateChanged", now);
        }
        // Near the bottom: ask for the next page of older alerts (one request at a time).
        if (!s.loadingOlder && list.scrollTop + list.clientHeight > list.scrollHeight - 300) {
            s.loadingOlder = true;
            s.dotnet.invokeMethodAsync("OnNearBottom").finally(() => { s.loadingOlder = false; });
        }
    };
    // Rows are plain markup (no per-row component on the server): one listener reports which row was clicked,
    // and whether the click was on its checkbox.
    s.onClick = (e) => {
        const row = e.target.closest("[data-alert-id]");
        if (!row || !list.contains(row)) return;
        const id = Number(row.dataset.alertId);
        if (e.target.classList.contains("alert-check")) s.dotnet.invokeMethodAsync("OnRowToggled", id);
        else s.dotnet.invokeMethodAsync("OnRowClicked", id);
    };
    list.addEventListener("scroll", s.onScroll, { passive: true });
    list.addEventListener("click", s.onClick);
    const id = remember(lists, list, s);
    // A new list starts where it is (at the top): the server may still think the analyst is scrolled away in the old one.
    dotnet.invokeMethodAsync("OnScrollStateChanged", s.atTop);
    // Tells tests (and anyone automating the page) that the list is live and takes input.
    list.dataset.interactive = "true";
    return id;
}

export function detachList(id) {
    const s = lists.get(id);
    if (!s) return;
    s.element.removeEventListener("scroll", s.onScroll);
    s.element.removeEventListener("click", s.onClick);
    delete s.element.dataset.interactive;
    forget(lists, id);
}

/** How many boards and lists are attached: a page shows one of each (tests check nothing is left behind). */
export function attachedCounts() {
    return { boards: boards.size, lists: lists.size };
}

function attached(map, element, dotnet) {
    const id = ids.get(element);
    if (id === undefined || !map.has(id)) return 0;
    map.get(id).dotnet = dotnet;
    return id;
}

function remember(map, element, s) {
    const id = ++nextId;
    map.set(id, s);
    ids.set(element, id);
    return id;
}

function forget(map, id) {
    ids.delete(map.get(id).element);
    map.delete(id);
}

// Elements that left the page without a detach (a circuit that ended mid-render): let nothing of theirs stay behind.
function sweep() {
    for (const [id, s] of [...lists]) if (!s.element.isConnected) detachList(id);
    for (const [id, s] of [...boards]) if (!s.element.isConnected) detachBoard(id);
}

// Shortcuts go to the newest board (a page has one; during a re-render the old one may still be attached).
function onKey(e) {
    const board = [...boards.values()].at(-1);
    if (!board) return;
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || document.querySelector(".mud-dialog-container")) return;
    if (e.key === "/") {
        e.preventDefault();
        document.getElementById("board-query")?.focus();
        return;
    }
    // Enter on a focused control (a pivot, a group's action, a tab) is that control's, not "open the details".
    if (e.key === "Enter" && isControl(e.target)) return;
    if (shortcuts.has(e.key)) {
        e.preventDefault();
        board.dotnet.invokeMethodAsync("OnShortcut", e.key);
    }
}

export function scrollToTop(list) {
    list.scrollTop = 0;
}

export function scrollIntoView(list, index, rowHeight) {
    const top = index * rowHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + rowHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + rowHeight - list.clientHeight;
}

function isControl(target) {
    return target instanceof Element && target.closest("button, a[href], summary, [role=button], [role=checkbox], [role=tab], [role=menuitem]") !== null;
}

function isTyping(target) {
    return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

// Elements under root (and root itself) carrying the attribute.
function withAttribute(root, attribute) {
    const found = [...root.querySelectorAll(`[${attribute}]`)];
    if (root.hasAttribute?.(attribute)) found.push(root);
    return found;
}

function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
}

function tickAges(root) {
    const now = Date.now();
    for (const el of withAttribute(root, "data-age-since")) {
        setText(el, formatAge(now - Number(el.dataset.ageSince)));
    }
}

// Same steps as AgeText.Format on the server.
function formatAge(ms) {
    const s = ms / 1000;
    if (s < 5) return "now";
    if (s < 60) return `${Math.floor(s)}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m`;
    if (s < 86400) return `${Math.floor(s / 3600)}h`;
    return `${Math.floor(s / 86400)}d`;
}

