// The main layout's browser side: the dark-theme toggle and the navigation drawer, without a server round trip and
// without state in the circuit. State lives in classes on <html> (outside what Blazor renders, so a render never
// resets it); the buttons' ARIA and title follow it. Widths from 960 px (MudBlazor's md breakpoint) dock the drawer
// and the toggle collapses it; narrower windows overlay it, closed at first, shut by navigation, a click outside or Escape.
const root = document.documentElement;
const wide = window.matchMedia("(min-width: 960px)");
const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
const themeKey = "secops-theme";
const darkClass = "secops-dark";
const collapsedClass = "secops-nav-collapsed"; // wide: docked drawer hidden
const openClass = "secops-nav-open"; // narrow: overlay drawer shown

const isDark = () => root.classList.contains(darkClass);
const isNavOpen = () => (wide.matches ? !root.classList.contains(collapsedClass) : root.classList.contains(openClass));

function savedTheme() {
    try {
        return localStorage.getItem(themeKey);
    } catch {
        return null;
    }
}

// Blazor replaces the prerendered chrome when the circuit starts (and again when a paused circuit resumes), so the
// attributes are set on whatever buttons are in the document now.
function sync() {
    const theme = document.querySelector("[data-toggle-theme]");
    if (theme) {
        theme.setAttribute("aria-pressed", String(isDark()));
        theme.title = isDark() ? "Light theme" : "Dark theme";
    }
    document.querySelector("[data-toggle-nav]")?.setAttribute("aria-expanded", String(isNavOpen()));
}

function setDark(dark) {
    root.classList.toggle(darkClass, dark);
    sync();
}

function setNavOpen(open) {
    if (wide.matches) {
        root.classList.toggle(collapsedClass, !open);
    } else {
        root.classList.toggle(openClass, open);
    }
    sync();
}

function closeOverlay() {
    if (!wide.matches && root.classList.contains(openClass)) {
        setNavOpen(false);
        return true;
    }
    return false;
}

document.addEventListener("click", (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    if (target.closest("[data-toggle-theme]")) {
        const dark = !isDark();
        try {
            localStorage.setItem(themeKey, dark ? "dark" : "light");
        } catch {
            // Storage blocked: the choice lasts until the page is left.
        }
        setDark(dark);
    } else if (target.closest("[data-toggle-nav]")) {
        setNavOpen(!isNavOpen());
    } else if (target.closest(".secops-scrim") || target.closest(".secops-drawer a[href]")) {
        closeOverlay();
    }
});

document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && closeOverlay()) {
        document.querySelector("[data-toggle-nav]")?.focus();
    }
});

// Back and forward are navigation too.
window.addEventListener("popstate", closeOverlay);

// Crossing the breakpoint starts the new width in its default: docked and open when wide, closed when narrow.
wide.addEventListener("change", () => {
    root.classList.remove(collapsedClass, openClass);
    sync();
});

// Without a saved choice the theme follows the system, also when the system changes.
systemDark.addEventListener("change", (e) => {
    if (savedTheme() === null) setDark(e.matches);
});

new MutationObserver(sync).observe(document.body, { childList: true });
sync();

// Idle timeout: work inside an interactive page makes no HTTP request, so the sign-in cookie would lapse under a busy
// analyst. A key press or a click renews it (at most once a minute); an unattended page does not. A session that has
// ended (idle, absolute timeout, ended by an administrator) answers with a redirect: reload to reach the sign-in page.
let lastAlive = Date.now();
async function keepAlive() {
    if (Date.now() - lastAlive < 60_000) return;
    lastAlive = Date.now();
    try {
        const response = await fetch("/account/alive", { credentials: "same-origin", cache: "no-store", redirect: "manual" });
        if (response.type === "opaqueredirect" || response.status === 401) {
            location.reload();
        }
    } catch {
        // Offline: Blazor's reconnect dialog says so; the next interaction tries again.
    }
}
document.addEventListener("keydown", keepAlive, { passive: true });
document.addEventListener("pointerdown", keepAlive, { passive: true });
