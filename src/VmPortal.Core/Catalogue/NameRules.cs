namespace VmPortal.Core.Catalogue;

/// <summary>R28 name rules for the catalogue's metadata resources; each refusal says exactly what is wrong.</summary>
public static class NameRules
{
    /// <summary>R28: 3–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (it becomes a DNS label).</summary>
    public static PortalError? CloudService(string? name) => Check(name, "cloud service", 3, 63, allowUpperCase: false);

    /// <summary>Like a cloud service name, but upper case is allowed.</summary>
    public static PortalError? VirtualNetwork(string? name) => Check(name, "virtual network", 3, 63, allowUpperCase: true);

    /// <summary>
    /// R28: 1–15 characters for Windows (a NetBIOS computer name), 1–64 for Linux; letters, digits and hyphens,
    /// not all digits, not starting or ending with a hyphen. Without an OS, the Linux limit applies.
    /// </summary>
    public static PortalError? VirtualMachine(string? name, OsType? os = null, string field = "name")
    {
        var max = os == OsType.Windows ? 15 : 64;
        var rule = $"A {(os == OsType.Windows ? "Windows " : "")}VM name is 1 to {max} letters, digits and hyphens, not all digits, not starting or ending with a hyphen";
        PortalError Bad(string why) => new(ErrorCodes.InvalidName, $"{rule}; {why}.", field);
        if (string.IsNullOrEmpty(name)) return Bad("give the VM a name");
        if (name.Length > max) return Bad($"'{Shorten(name)}' has {name.Length} characters");
        var bad = name.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'));
        if (bad != default) return Bad($"'{name}' contains '{bad}'");
        if (name.All(char.IsAsciiDigit)) return Bad($"'{name}' is all digits");
        if (name[0] == '-' || name[^1] == '-') return Bad($"'{name}' starts or ends with a hyphen");
        return null;
    }

    private static PortalError? Check(string? name, string what, int min, int max, bool allowUpperCase)
    {
        var letters = allowUpperCase ? "letters" : "lowercase letters";
        var rule = $"A {what} name is {min} to {max} {letters}, digits and hyphens, starting and ending with a letter or digit";
        if (string.IsNullOrEmpty(name))
            return Invalid($"{rule}; give the {what} a name.");
        if (name.Length < min || name.Length > max)
            return Invalid($"{rule}; '{Shorten(name)}' has {name.Length} characters.");
        var bad = name.FirstOrDefault(c => !IsAllowed(c, allowUpperCase));
        if (bad != default)
            return Invalid($"{rule}; '{name}' contains '{bad}'.");
        if (name[0] == '-' || name[^1] == '-')
            return Invalid($"{rule}; '{name}' starts or ends with a hyphen.");
        return null;
    }

    private static bool IsAllowed(char c, bool allowUpperCase) =>
        c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' || (allowUpperCase && c is >= 'A' and <= 'Z');

    private static PortalError Invalid(string message) => new(ErrorCodes.InvalidName, message, "name");

    private static string Shorten(string name) => name.Length <= 70 ? name : name[..67] + "...";
}
