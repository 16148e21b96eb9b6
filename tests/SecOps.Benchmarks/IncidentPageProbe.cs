namespace SecOps.Benchmarks;

/// <summary>The incident-page workload's in-page instrumentation (an init script), read back through <c>window.__bench</c>.</summary>
public static class IncidentPageProbe
{
    /// <summary>
    /// Installed before any page script: marks the prerendered timeline at DOMContentLoaded and scrolls to it (the circuit's render
    /// replaces it with an element without the mark, and draws the entries near the viewport), records when rows appear (checked every animation frame and every 20 ms),
    /// and keeps the gaps between animation frames while asked to.
    /// </summary>
    public static string Script(int total) => $$"""
        (() => {
          const total = {{total}};
          const b = window.__bench = { fcp: null, dcl: null, load: null, firstScreen: null, allRows: null, interactive: null, marked: false, longTasks: 0, longTaskMs: 0, gaps: null };
          try {
            new PerformanceObserver(list => { for (const e of list.getEntries()) { b.longTasks++; b.longTaskMs += e.duration; } }).observe({ type: 'longtask', buffered: true });
            new PerformanceObserver(list => { for (const e of list.getEntries()) { if (e.name === 'first-contentful-paint') b.fcp = e.startTime; } }).observe({ type: 'paint', buffered: true });
          } catch (e) { }
          const timeline = () => document.querySelector('ol.incident-timeline');
          // Entries only: past 300 the page renders the ones near the viewport, with spacer items around them.
          const entries = ol => ol.querySelectorAll(':scope > li.timeline-entry');
          b.check = () => {
            const ol = timeline();
            if (!ol) return true;
            const rows = entries(ol), n = rows.length;
            const screen = Math.min(window.__benchScreen || 30, total);
            if (b.firstScreen === null && n >= screen && rows[screen - 1].getBoundingClientRect().height > 0) b.firstScreen = performance.now();
            if (b.allRows === null && n >= total) b.allRows = performance.now();
            if (b.marked && b.interactive === null && !ol.hasAttribute('data-bench-prerendered') && n >= screen) b.interactive = performance.now();
            return true;
          };
          const frame = () => { b.check(); if (b.interactive === null) requestAnimationFrame(frame); };
          requestAnimationFrame(frame);
          const timer = setInterval(() => { b.check(); if (b.interactive !== null) clearInterval(timer); }, 20);
          document.addEventListener('DOMContentLoaded', () => {
            b.check();
            b.dcl = performance.now();
            const ol = timeline();
            if (ol) { ol.setAttribute('data-bench-prerendered', ''); ol.scrollIntoView(); }
            b.marked = true;
          });
          window.addEventListener('load', () => { b.load = performance.now(); });
          b.report = () => {
            const ol = timeline();
            const rows = ol ? entries(ol).length : 0;
            const rowHeight = rows ? entries(ol)[0].getBoundingClientRect().height : 0;
            return { fcp: b.fcp, dcl: b.dcl, load: b.load, firstScreen: b.firstScreen, allRows: b.allRows, interactive: b.interactive,
              rows, rowHeight, rowsPerScreen: rowHeight ? Math.ceil(innerHeight / rowHeight) : 30,
              timelineTop: ol ? ol.getBoundingClientRect().top + scrollY : 0,
              elements: document.getElementsByTagName('*').length,
              jsHeap: performance.memory ? performance.memory.usedJSHeapSize : 0,
              longTasks: b.longTasks, longTaskMs: b.longTaskMs };
          };
          b.startGaps = () => {
            b.gaps = []; b.gapTasks = b.longTasks; b.gapTaskMs = b.longTaskMs;
            let last = performance.now();
            const gap = t => { if (b.gaps === null) return; b.gaps.push(t - last); last = t; requestAnimationFrame(gap); };
            requestAnimationFrame(gap);
          };
          b.stopGaps = () => {
            const gaps = b.gaps; b.gaps = null;
            return { gaps, longTasks: b.longTasks - b.gapTasks, longTaskMs: b.longTaskMs - b.gapTaskMs };
          };
        })();
        """;
}
