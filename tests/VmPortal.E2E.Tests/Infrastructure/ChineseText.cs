using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VmPortal.Core;
using VmPortal.Core.Security;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>
/// What a Chinese reader sees on a page that is still English: each visible text, input hint and accessible name is read,
/// and a Latin-alphabet word in it counts unless a Chinese console shows it as it is — a name someone typed into the
/// catalogue, a product or protocol name, a unit, an API code.
/// </summary>
public static partial class ChineseText
{
    /// <summary>
    /// Fails the test with every English word on the page, and where it stands; <paramref name="typed"/> is what the test
    /// typed into a form that the catalogue does not hold yet.
    /// </summary>
    public static async Task AssertNoEnglishAsync(IPage page, PortalApp app, string where, params string[] typed)
    {
        var english = await EnglishWordsAsync(page, app, typed);
        Assert.True(english.Count == 0, $"{where} in Chinese shows English:\n{string.Join("\n", english)}");
    }

    /// <summary>Kept in Latin letters by the glossary: product and protocol names, units, the two languages' own names.</summary>
    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        "Windows", "Linux", "Ubuntu", "Debian", "Azure", "Azurite", "VmPortal", "PowerShell", "SQLite", "PostgreSQL", "QEMU",
        "SSH", "RDP", "VHD", "LUN", "API", "URL", "Blob", "ID", "IP", "DNS", "CPU", "UTC", "JSON", "HTTP", "HTTPS", "TCP", "UDP",
        "OpenAPI", "ASM", "SAS", "Sysprep", "waagent", "GB", "MB", "KB", "TB", "GiB", "MiB", "KiB", "TiB", "B", "ms", "English",
    };

    /// <summary>Each Latin word the page shows that is not kept, with the text it stands in.</summary>
    public static async Task<List<string>> EnglishWordsAsync(IPage page, PortalApp app, params string[] typedInForm)
    {
        var typed = (await CatalogueWords.ReadAsync(app))
            .Concat(typedInForm.SelectMany(t => CatalogueWords.LatinWord().Matches(t).Select(m => m.Value))).ToHashSet(StringComparer.Ordinal);
        var texts = await page.EvaluateAsync<string[]>(VisibleTextsScript);
        var found = new List<string>();
        foreach (var text in texts.Distinct())
        {
            var cleaned = NotWords().Replace(text, " ");
            var words = CatalogueWords.LatinWord().Matches(cleaned).Select(m => m.Value)
                .Where(w => w.Length > 1 && !Kept.Contains(w) && !Codes.Contains(w) && !typed.Contains(w)).Distinct().ToList();
            if (words.Count > 0) found.Add($"  [{string.Join(", ", words)}] in \"{Shorten(text)}\"");
        }
        return found;
    }

    /// <summary>The API's stable codes (refusals, operation kinds, audit actions), shown beside their words where a script needs them.</summary>
    private static readonly HashSet<string> Codes = new[] { typeof(ErrorCodes), typeof(OperationKinds), typeof(AuditActions) }
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// What a person reads: each visible text node (outside code, keyboard keys and what is marked not to be translated),
    /// each input's hint and each accessible name. Icons are SVG, so they add nothing.
    /// </summary>
    private const string VisibleTextsScript = """
        () => {
          const skipped = el => el.closest('code, kbd, pre, script, style, [translate="no"]');
          const visible = el => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
          const texts = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement, text = node.textContent.trim();
            if (el && text && !skipped(el) && visible(el)) texts.push(text);
          }
          for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]'))
            if (visible(el) && !skipped(el)) texts.push(el.placeholder);
          for (const el of document.querySelectorAll('[aria-label], [title]'))
            if (visible(el) && !skipped(el)) texts.push(el.getAttribute('aria-label') || el.getAttribute('title'));
          return texts.filter(t => t);
        }
        """;

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "…";

    /// <summary>
    /// Not words to translate: addresses, host names (<c>web.cloudapp.net</c>), resource paths (<c>cloud-services/shop/vms/web1</c>),
    /// e-mail addresses, ids (a GUID, a hex digest), an SSH public key's example, a command's flags (<c>-deprovision</c>) and a
    /// tag's syntax (<c>env:prod</c>).
    /// </summary>
    [GeneratedRegex(@"https?://\S+|ssh-[\w-]+\s+\S+(\s+\S+@\S+)?|\S+@\S+|[\w-]*(\.[A-Za-z][\w-]*)+|\S+/\S+|\b[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b(?=[0-9a-f]*\d)[0-9a-f]{6,}\b|(?<=\s)-[a-z]+|\b\w+:\w+\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotWords();
}
