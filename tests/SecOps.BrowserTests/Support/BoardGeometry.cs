using System.Text.Json;
using Microsoft.Playwright;

namespace SecOps.BrowserTests.Support;

/// <summary>Where the board's parts are on the page, measured in the browser, for the layout tests.</summary>
public static class BoardGeometry
{
    public sealed record Box(string Text, double Left, double Right, double ContentWidth);

    /// <summary>The list, the header and first-row cells (paired by index), and the drawer if open.</summary>
    public sealed record Layout(
        double PageScrollWidth, double ListScrollWidth, double ListClientWidth, double ListRight,
        Box[] Headers, Box[] Cells, Box? Drawer, bool Overlay, bool DrawerOnTop);

    public static async Task<Layout> MeasureAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>(MeasureScript)).Deserialize<Layout>(JsonSerializerOptions.Web)!;

    /// <summary>Whether the element is inside every ancestor that clips it, up to the list: nothing of it cut off.</summary>
    public static Task<bool> IsNotClippedAsync(IPage page, string selector) => page.EvaluateAsync<bool>(NotClippedScript, selector);

    /// <summary>Where the drawer's value under <paramref name="label"/> wraps: the characters before and after each break.</summary>
    public static Task<string[]> LineBreaksAsync(IPage page, string label) => page.EvaluateAsync<string[]>(LineBreaksScript, label);

    // Positions in the page: children of the header and of the first row are paired by index, so a header without its
    // cell (or the reverse) shows up as a count mismatch rather than being skipped.
    private const string MeasureScript = """
        () => {
            const list = document.querySelector('.board-list');
            const header = document.querySelector('.board-header');
            const row = list.querySelector('.alert-row');
            const shown = el => getComputedStyle(el).display !== 'none';
            const box = el => { const r = el.getBoundingClientRect(); return { text: el.textContent.trim().replace(/[▲▼]/g, ''), left: r.left, right: r.right, contentWidth: el.scrollWidth }; };
            const listBox = list.getBoundingClientRect();
            const drawer = document.querySelector('.detail-panel');
            let overlay = false, onTop = false, drawerBox = null;
            if (drawer) {
                const d = drawer.getBoundingClientRect();
                drawerBox = box(drawer);
                overlay = d.left < listBox.right - 1;
                const hit = document.elementFromPoint(d.left + 8, d.top + 8);
                onTop = drawer.contains(hit);
            }
            return {
                pageScrollWidth: document.documentElement.scrollWidth,
                listScrollWidth: list.scrollWidth,
                listClientWidth: list.clientWidth,
                listRight: listBox.left + list.clientLeft + list.clientWidth,
                headers: [...header.children].filter(shown).map(box),
                cells: [...row.children].filter(shown).map(box),
                drawer: drawerBox, overlay, drawerOnTop: onTop,
            };
        }
        """;

    // Whether the element's box lies inside every ancestor that clips (overflow other than visible) up to the list.
    private const string NotClippedScript = """
        selector => {
            const el = document.querySelector(selector);
            const r = el.getBoundingClientRect();
            if (r.width === 0) return false;
            for (let a = el.parentElement; a && !a.classList.contains('board-list'); a = a.parentElement) {
                if (getComputedStyle(a).overflowX === 'visible') continue;
                const c = a.getBoundingClientRect();
                if (r.left < c.left - 0.5 || r.right > c.right + 0.5) return false;
            }
            return true;
        }
        """;

    // For the drawer's value under the label: at each place the text wraps, the character before and the one after.
    private const string LineBreaksScript = """
        label => {
            const dt = [...document.querySelectorAll('.detail-fields dt')].find(d => d.textContent === label);
            const value = dt.nextElementSibling.querySelector('.detail-value');
            const chars = [];
            const walker = document.createTreeWalker(value, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    chars.push({ c: node.data[i], top: range.getBoundingClientRect().top });
                }
            }
            const breaks = [];
            for (let i = 1; i < chars.length; i++) {
                if (chars[i].top > chars[i - 1].top + 2) breaks.push(chars[i - 1].c + chars[i].c);
            }
            return breaks;
        }
        """;
}
