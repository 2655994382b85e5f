using System.Text.RegularExpressions;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core;

/// <summary>
/// What people read for the codes the API and the audit keep: a VM's status, an operation's kind, an audit action, an enum's
/// value. The one place these words are chosen (DisplayNames.resx, in English and 简体中文, by the current UI culture), for
/// the pages and for the sentences services write; the API's fields keep their codes.
/// </summary>
public sealed partial class DisplayNames : ResourceText<DisplayNames>
{
    /// <summary>A VM's status, with the guest's readiness in words: RDP for Windows, SSH for Linux.</summary>
    public static string VmStatus(Catalogue.VmStatus status, OsType os) =>
        status == Catalogue.VmStatus.RoleStateUnknown ? Find($"VmStatus_RoleStateUnknown_{os}") ?? VmStatus(status) : VmStatus(status);

    /// <summary>A VM's status where its OS does not matter (a filter, a sentence).</summary>
    public static string VmStatus(Catalogue.VmStatus status) => Of(status);

    /// <summary>An operation's kind: <c>CaptureVmImage</c> → "Capture image".</summary>
    public static string OperationKind(string kind) => Find($"Action_{kind}") ?? Words(kind);

    /// <summary>
    /// An audit action, in the same words as the operation of that kind (<c>SignIn</c> → "Sign in"); an older log's
    /// <c>user.create</c> (noun, then verb) reads as <c>CreateUser</c> does.
    /// </summary>
    public static string AuditAction(string action) =>
        Find($"Action_{(action.Split('.') is [var noun, var verb] ? Capitalized(verb) + Capitalized(noun) : action)}") ?? Words(action);

    /// <summary>Any of the catalogue's enum values in words: <c>OsState.Generalized</c> → "Generalized".</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Find($"{typeof(TEnum).Name}_{value}") ?? Words(value.ToString());

    private static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>
    /// A code without an entry, in English words: PascalCase, dotted or lower-case (<c>CreateUser</c> → "Create user";
    /// <c>user.create</c> → "Create user").
    /// </summary>
    private static string Words(string code)
    {
        if (string.IsNullOrWhiteSpace(code)) return code;
        if (code.Split('.') is [var noun, var verb]) code = $"{verb} {noun}";
        var spaced = WordBreak().Replace(code.Replace('_', ' ').Replace('-', ' '), " ").Trim();
        var words = spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w is "VM" or "OS" or "Vm" or "Os" ? w.ToUpperInvariant() : w.ToLowerInvariant()).ToArray();
        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")]
    private static partial Regex WordBreak();
}
