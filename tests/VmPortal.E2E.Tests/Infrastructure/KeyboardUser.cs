using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>
/// A person without a mouse: Tab and Shift+Tab move the focus, Enter, Space and the arrows act, text is typed. Wherever the focus
/// lands it must be visible (the element matches <c>:focus-visible</c> and it, or the control around it, draws an outline); the test only reads
/// the page to check where the focus is, it never clicks or fills.
/// </summary>
public sealed class KeyboardUser(IPage page)
{
    /// <summary>More presses than this to reach one control is a page a keyboard user gives up on.</summary>
    private const int PatientPresses = 60;

    public Task PressAsync(string key) => page.Keyboard.PressAsync(key);

    public Task TypeAsync(string text) => page.Keyboard.TypeAsync(text);

    /// <summary>Replaces what the focused field holds, as a person does: select all, then type.</summary>
    public async Task RetypeAsync(string text)
    {
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>Tabs (or Shift+Tabs) until <paramref name="target"/> has the focus, then checks the focus is visible there.</summary>
    public async Task TabToAsync(ILocator target, bool backwards = false, int most = PatientPresses)
    {
        var trail = new List<string>();
        for (var i = 0; i < most; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await HoldsFocusAsync(target))
            {
                await ExpectFocusVisibleAsync();
                return;
            }
            trail.Add(await FocusedAsync());
        }
        Assert.Fail($"{target} was not reached in {most} presses of {(backwards ? "Shift+Tab" : "Tab")}; the focus went:\n  " + string.Join("\n  ", trail));
    }

    /// <summary>The focus is on <paramref name="target"/> (or inside it) now, and visibly so.</summary>
    public async Task ExpectFocusOnAsync(ILocator target, string why)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await HoldsFocusAsync(target))
        {
            if (DateTime.UtcNow > until) Assert.Fail($"{why}: the focus should be on {target}, it is on {await FocusedAsync()}");
            await Task.Delay(50);
        }
    }

    /// <summary>The focused element shows it: <c>:focus-visible</c>, and an outline on it or its control, or a text field's thick frame.</summary>
    public async Task ExpectFocusVisibleAsync()
    {
        var problem = await page.EvaluateAsync<string?>(FocusProblem);
        Assert.True(problem is null, problem);
    }

    /// <summary>
    /// Why the focused element does not show its focus, or null: nothing focused, not <c>:focus-visible</c>, or no outline on it
    /// (nor on the round button or frame of its control within three parents, nor a text field's 2 px frame).
    /// </summary>
    private const string FocusProblem = """
            () => {
              const el = document.activeElement;
              const name = n => n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\s+/).slice(0, 3).join('.') : '')
                + ' "' + (n.getAttribute('aria-label') || n.labels?.[0]?.textContent || n.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '"';
              if (!el || el === document.body) return 'nothing has the focus';
              if (!el.matches(':focus-visible')) return name(el) + ' has the focus but not :focus-visible';
              const drawn = n => { const s = getComputedStyle(n); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && parseFloat(s.opacity) > 0; };
              if (drawn(el)) return null;
              // A radio or checkbox draws its ring around its transparent input; a text field its frame (MudBlazor's outlined border).
              for (let n = el.parentElement, i = 0; n && i < 3; n = n.parentElement, i++) if (drawn(n)) return null;
              const border = el.closest('.mud-input')?.querySelector('.mud-input-outlined-border');
              if (border && parseFloat(getComputedStyle(border).borderWidth) >= 2) return null;
              return name(el) + ' has the focus without an outline';
            }
            """;

    /// <summary>
    /// Tabs through every stop of the page once (past its end and round from its top, until a stop comes again) and says which
    /// show no focus.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopsWithoutVisibleFocusAsync(int most = 200)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>();
        for (var i = 0; i < most; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var path = await page.EvaluateAsync<string>("""
                () => {
                  const el = document.activeElement;
                  if (!el || el === document.body) return '';
                  const path = [];
                  for (let n = el; n && n !== document.body; n = n.parentElement) path.unshift(n.tagName + ':' + [...n.parentElement.children].indexOf(n));
                  return path.join('/');
                }
                """);
            if (path.Length == 0) continue; // past the page's end: the next Tab starts at its top
            if (!seen.Add(path)) return problems;
            if (await page.EvaluateAsync<string?>(FocusProblem) is { } problem) problems.Add(problem);
        }
        problems.Add($"No stop came round again in {most} presses of Tab");
        return problems;
    }

    private static Task<bool> HoldsFocusAsync(ILocator target) =>
        target.EvaluateAllAsync<bool>("els => els.some(el => el === document.activeElement || el.contains(document.activeElement))");

    private Task<string> FocusedAsync() => page.EvaluateAsync<string>("""
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'body';
          const label = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || '';
          return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${label.trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
        }
        """);

    /// <summary>
    /// Runs keys that must never drop the focus, not even for a moment (a key pressed then would go nowhere): every animation
    /// frame meanwhile, something other than the page's body must have it.
    /// </summary>
    public async Task NeverDroppingFocusAsync(Func<Task> keys)
    {
        await page.EvaluateAsync("""
            () => {
              window.focusDropped = 0;
              window.watchingFocus = true;
              const frame = () => {
                if (!window.watchingFocus) return;
                if (!document.activeElement || document.activeElement === document.body) window.focusDropped++;
                requestAnimationFrame(frame);
              };
              requestAnimationFrame(frame);
            }
            """);
        await keys();
        var dropped = await page.EvaluateAsync<int>("() => { window.watchingFocus = false; return window.focusDropped; }");
        Assert.True(dropped == 0, $"The focus fell to the page's body for {dropped} frame(s) meanwhile");
    }

    /// <summary>A control the page moved the focus to: there, and visibly.</summary>
    public async Task ExpectAtAsync(ILocator target, string why)
    {
        await Expect(target).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ExpectFocusOnAsync(target, why);
        await ExpectFocusVisibleAsync();
    }
}
