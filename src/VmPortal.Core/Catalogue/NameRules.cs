namespace VmPortal.Core.Catalogue;

/// <summary>
/// The one rule set for every name a user gives — on every route, in every form, for creating a resource and for naming
/// one to find. Each rule looks at the whole string (no anchors that stop before a trailing newline, no "first bad
/// character" whose absence looks like NUL), refuses control and invisible formatting characters by name, and states
/// its lengths; input that is too long is refused, never cut. Names are ASCII, so a look-alike from another script
/// (a Cyrillic 'е' in "Ubuntu") is refused as such. Each refusal is <c>InvalidName</c> naming the field, and quotes the
/// name with anything invisible escaped, so a message can never carry the characters it refuses into a page or a log.
/// </summary>
public static class NameRules
{
    private static readonly NameRule CloudServiceRule = new(() => CatalogueMessages.Get("NameRuleCloudService"), 3, 63,
        c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-', Edges.LetterOrDigit);

    /// <summary>How a cloud service is looked up: R28 names are lowercase, so any case finds it.</summary>
    private static readonly NameRule CloudServiceLookupRule = CloudServiceRule with
    {
        Allowed = c => char.IsAsciiLetterOrDigit(c) || c == '-',
        Text = () => CatalogueMessages.Get("NameRuleCloudServiceLookup"),
    };

    private static readonly NameRule VirtualNetworkRule = new(() => CatalogueMessages.Get("NameRuleVirtualNetwork"), 3, 63,
        c => char.IsAsciiLetterOrDigit(c) || c == '-', Edges.LetterOrDigit);

    private static readonly NameRule SubnetRule = new(() => CatalogueMessages.Get("NameRuleSubnet"), 1, 64,
        c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_', Edges.StartsWithLetterOrDigit);

    /// <summary>R13.</summary>
    private static readonly NameRule ImageRule = new(() => CatalogueMessages.Get("NameRuleImage"), 3, 80,
        c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_', Edges.StartsWithLetterOrDigit);

    /// <summary>Disks are named by the portal after their blobs; a name that could not be one is refused before any lookup.</summary>
    private static readonly NameRule DiskRule = new(() => CatalogueMessages.Get("NameRuleDisk"), 1, 128,
        c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_', Edges.StartsWithLetterOrDigit);

    private static readonly NameRule EndpointRule = new(() => CatalogueMessages.Get("NameRuleEndpoint"), 1, 32,
        c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_', Edges.StartsWithLetterOrDigit);

    /// <summary>Azure's rule for storage account names.</summary>
    private static readonly NameRule StorageAccountRule = new(() => CatalogueMessages.Get("NameRuleStorageAccount"), 3, 24,
        c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c), Edges.Any);

    /// <summary>A portal user's sign-in name: the characters ASP.NET Identity accepts by default.</summary>
    private static readonly NameRule UserRule = new(() => CatalogueMessages.Get("NameRuleUser"), 1, 64,
        c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' or '+', Edges.StartsWithLetterOrDigit);

    /// <summary>R21: the administrator a generalized guest is provisioned with.</summary>
    private static readonly NameRule AdminUserRule = new(() => CatalogueMessages.Get("NameRuleAdminUser"), 1, 64,
        c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-', Edges.StartsWithLetterOrDigit);

    public const int MaxLabelLength = 100;

    /// <summary>R28: 3–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (it becomes a DNS label).</summary>
    public static PortalError? CloudService(string? name, string field = "name") => CloudServiceRule.Check(name, field);

    /// <summary>
    /// A cloud service name as a request names an existing one: any case (R28 names are lowercase, so <c>MySvc1</c> is
    /// <c>mysvc1</c> on every route); the result is the name to look up. Only ASCII is folded, so no look-alike ever folds
    /// into a real name (the Kelvin sign 'K' is not 'k').
    /// </summary>
    public static PortalResult<string> CloudServiceKey(string? name, string field = "name") =>
        CloudServiceLookupRule.Check(name, field) is { } error ? error : AsciiLower(name!);

    /// <summary>Like a cloud service name, but upper case is allowed; unique regardless of case.</summary>
    public static PortalError? VirtualNetwork(string? name, string field = "name") => VirtualNetworkRule.Check(name, field);

    public static PortalError? Subnet(string? name, string field = "name") => SubnetRule.Check(name, field);

    /// <summary>R13: 3–80 letters, digits, '.', '-' and '_', starting with a letter or digit; unique regardless of case.</summary>
    public static PortalError? Image(string? name, string field = "imageName") => ImageRule.Check(name, field);

    public static PortalError? Disk(string? name, string field = "name") => DiskRule.Check(name, field);

    public static PortalError? Endpoint(string? name, string field = "name") => EndpointRule.Check(name, field);

    public static PortalError? StorageAccount(string? name, string field = "name") => StorageAccountRule.Check(name, field);

    public static PortalError? User(string? name, string field = "userName") => UserRule.Check(name, field);

    /// <summary>
    /// R21's admin user name: 1–64 letters, digits, '.', '_' and '-', and not one of the names Azure reserves for
    /// provisioning (<see cref="ReservedAdminUserNames"/>), which a real guest would refuse to create.
    /// </summary>
    public static PortalError? AdminUser(string? name, string field = "provisioning.adminUserName")
    {
        if (AdminUserRule.Check(name, field) is { } error) return error;
        return ReservedAdminUserNames.Contains(name!, StringComparer.OrdinalIgnoreCase)
            ? new PortalError(ErrorCodes.InvalidName,
                CatalogueMessages.Format("AdminUserReserved", name,
                    string.Join(CoreMessages.Get("ListSeparator"), ReservedAdminUserNames.Take(5).Select(n => CatalogueMessages.Format("QuotedName", n)))),
                field)
            : null;
    }

    /// <summary>
    /// The admin user names Azure refuses for provisioning, less <c>admin</c>: R28 says the seed's own example
    /// (<c>admin</c> / <c>adminPassword123</c>) is valid, and R31 runs the seed's <c>New-AzureQuickVM … -AdminUsername "admin"</c> as written.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedAdminUserNames =
    [
        "administrator", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1", "123", "a", "actuser", "adm",
        "admin2", "aspnet", "backup", "console", "david", "guest", "john", "owner", "root", "server", "sql", "support",
        "support_388945a0", "sys", "test2", "test3", "user4", "user5",
    ];

    /// <summary>
    /// R28: 1–15 characters for Windows (a NetBIOS computer name), 1–64 for Linux; letters, digits and hyphens,
    /// not all digits, not starting or ending with a hyphen. Without an OS, the Linux limit applies.
    /// </summary>
    public static PortalError? VirtualMachine(string? name, OsType? os = null, string field = "name") =>
        (os == OsType.Windows ? WindowsVmRule : VmRule).Check(name, field);

    private static readonly NameRule VmRule = new(() => CatalogueMessages.Get("NameRuleVm"), 1, 64,
        c => char.IsAsciiLetterOrDigit(c) || c == '-', Edges.LetterOrDigit, NotAllDigits: true);

    private static readonly NameRule WindowsVmRule = VmRule with { Text = () => CatalogueMessages.Get("NameRuleWindowsVm"), Max = 15 };

    /// <summary>
    /// A name people read rather than type into a URL — a token's name: 1–100 characters, spaces allowed inside, but no
    /// control or invisible formatting character anywhere and no blank at either end.
    /// </summary>
    public static PortalError? Label(string? text, string field = "name", int max = MaxLabelLength)
    {
        if (string.IsNullOrEmpty(text)) return new PortalError(ErrorCodes.InvalidName, CatalogueMessages.Format("LabelEmpty", max), field);
        if (text.Length > max)
            return new PortalError(ErrorCodes.InvalidName, CatalogueMessages.Format("LabelTooLong", text.Length, max), field);
        if (FirstInvisible(text) is { } at)
            return new PortalError(ErrorCodes.InvalidName, CatalogueMessages.Format("LabelContains", Quote(text), Describe(text, at)), field);
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
            return new PortalError(ErrorCodes.InvalidName, CatalogueMessages.Format("LabelBlankEnds", Quote(text)), field);
        return null;
    }

    /// <summary>Control (Cc), formatting (Cf: bidi and zero-width marks), line and paragraph separators, and lone surrogates.</summary>
    public static bool IsInvisible(char c) =>
        char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
            or System.Globalization.UnicodeCategory.Surrogate;

    /// <summary>A name as a message may quote it: invisible characters escaped (<c>\u0000</c>), at most 70 characters shown.</summary>
    /// <summary>
    /// <c>InvalidName</c> when <paramref name="text"/> holds a control or invisible formatting character (said by its code point,
    /// never echoed); null otherwise. For names checked against a fixed list (locations), where the list's refusal would quote them.
    /// </summary>
    public static PortalError? Invisible(string? text, string field) =>
        text is not null && FirstInvisible(text) is { } at
            ? new PortalError(ErrorCodes.InvalidName, CatalogueMessages.Format("LabelContains", Quote(text), Describe(text, at)), field)
            : null;

    public static string Quote(string name)
    {
        var shown = name.Length <= 70 ? name : name[..67] + "...";
        var builder = new System.Text.StringBuilder(shown.Length);
        foreach (var c in shown)
            builder.Append(IsInvisible(c) ? $"\\u{(int)c:X4}" : c.ToString());
        return builder.ToString();
    }

    private static int? FirstInvisible(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (IsInvisible(text[i])) return i;
        return null;
    }

    private static string Describe(string text, int at)
    {
        var c = text[at];
        var code = $"U+{(int)c:X4}";
        var category = char.GetUnicodeCategory(c);
        if (category == System.Globalization.UnicodeCategory.Control)
            return c switch
            {
                '\n' => CatalogueMessages.Format("CharControlLineBreak", code),
                '\0' => CatalogueMessages.Format("CharControlNul", code),
                _ => CatalogueMessages.Format("CharControl", code),
            };
        if (category == System.Globalization.UnicodeCategory.Format) return CatalogueMessages.Format("CharFormat", code);
        if (category is System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            return CatalogueMessages.Format("CharLineSeparator", code);
        if (category == System.Globalization.UnicodeCategory.Surrogate) return CatalogueMessages.Format("CharSurrogate", code);
        if (c > 127) return CatalogueMessages.Format("CharNonAscii", c, code);
        return c == ' ' ? CatalogueMessages.Get("CharSpace") : CatalogueMessages.Format("CharOther", c);
    }

    private static string AsciiLower(string name) => string.Create(name.Length, name, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++) span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + 32) : source[i];
    });

    private enum Edges { Any, StartsWithLetterOrDigit, LetterOrDigit }

    /// <summary>A rule: <see cref="Text"/> states it whole (lengths, characters, edges) in the reader's language; the checks follow it.</summary>
    private sealed record NameRule(Func<string> Text, int Min, int Max, Func<char, bool> Allowed, Edges Ends, bool NotAllDigits = false)
    {
        public PortalError? Check(string? name, string field)
        {
            PortalError Bad(string why) => new(ErrorCodes.InvalidName, CatalogueMessages.Format("NameRefused", Text(), why), field);
            if (string.IsNullOrEmpty(name)) return Bad(CatalogueMessages.Get("NameWhyEmpty"));
            if (name.Length > Max) return Bad(CatalogueMessages.Format("NameWhyTooLong", Quote(name), name.Length));
            // Every character is looked at: the first one not allowed is named, whatever it is (NUL included).
            for (var i = 0; i < name.Length; i++)
                if (!Allowed(name[i])) return Bad(CatalogueMessages.Format("NameWhyContains", Quote(name), Describe(name, i)));
            if (name.Length < Min)
                return Bad(name.Length == 1
                    ? CatalogueMessages.Format("NameWhyTooShortOne", name, name.Length)
                    : CatalogueMessages.Format("NameWhyTooShort", name, name.Length));
            var first = char.IsAsciiLetterOrDigit(name[0]);
            var last = char.IsAsciiLetterOrDigit(name[^1]);
            if (Ends == Edges.LetterOrDigit && !(first && last)) return Bad(CatalogueMessages.Format("NameWhyBadEnds", name, first ? name[^1] : name[0]));
            if (Ends == Edges.StartsWithLetterOrDigit && !first) return Bad(CatalogueMessages.Format("NameWhyBadStart", name, name[0]));
            if (NotAllDigits && name.All(char.IsAsciiDigit)) return Bad(CatalogueMessages.Format("NameWhyAllDigits", name));
            return null;
        }
    }
}
