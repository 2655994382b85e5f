using System.Globalization;
using System.Xml.Linq;

namespace VmPortal.Web.Asm;

/// <summary>
/// One element of an ASM request, read strictly: each child at most once (a duplicate is refused, never "the first one
/// wins"), values only where values belong, <c>i:nil="true"</c> as absent. What a reader neither takes nor ignores must be
/// empty: <see cref="RefuseOthers"/> names the first child that carries something the portal would otherwise drop.
/// Names match as the classic API spells them.
/// </summary>
internal sealed class AsmElement(XElement element, string path)
{
    private readonly HashSet<string> _handled = [];

    public string Name => element.Name.LocalName;

    /// <summary>Where this element is, for messages: <c>Deployment/RoleList/Role</c>.</summary>
    public string Path => path;

    /// <summary>This element's own text, trimmed: an item of a list of values, such as a <c>SubnetName</c>.</summary>
    public string OwnText => element.HasElements ? throw Refused($"{path} holds elements where a value belongs.") : element.Value.Trim();

    /// <summary>The child's text; null when it is absent or nil; <c>""</c> for an empty element.</summary>
    public string? Text(string name)
    {
        var child = Single(name);
        if (child is null) return null;
        if (child.HasElements) throw Refused($"{path}/{name} holds elements where a value belongs.");
        return child.Value;
    }

    /// <summary>The child's text with surrounding blanks removed, or null when absent or blank.</summary>
    public string? Value(string name) => Text(name)?.Trim() is { Length: > 0 } value ? value : null;

    public bool? Bool(string name) => Value(name) switch
    {
        null => null,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var v => throw Refused($"{path}/{name} is '{v}'; use true or false."),
    };

    public int? Int(string name) => Value(name) switch
    {
        null => null,
        var v when int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        var v => throw Refused($"{path}/{name} is '{v}'; it must be a whole number."),
    };

    /// <summary>The child element, or null when it is absent, nil or empty.</summary>
    public AsmElement? Element(string name)
    {
        var child = Single(name);
        return child is null || IsEmpty(child) ? null : new AsmElement(child, $"{path}/{name}");
    }

    /// <summary>The <paramref name="item"/> elements of the <paramref name="container"/> child (<c>RoleList/Role</c>); none when absent.</summary>
    public IReadOnlyList<AsmElement> Items(string container, string item)
    {
        var list = Element(container);
        if (list is null) return [];
        list._handled.Add(item);
        list.RefuseOthers();
        return list.Children(item).Select((e, i) => new AsmElement(e, $"{list.Path}/{item}[{i}]")).ToList();
    }

    /// <summary>Children whose content the portal has no use for (ASM.md lists them), accepted and dropped.</summary>
    public void Ignore(params string[] names)
    {
        foreach (var name in names) Single(name);
    }

    /// <summary>A child the portal cannot honour: refused when it carries anything, with <paramref name="why"/>.</summary>
    public void Refuse(string name, string why)
    {
        if (Single(name) is { } child && !IsEmpty(child)) throw Refused($"{path}/{name}: {why}");
    }

    /// <summary>Refuses the first child that no reader took and that is not empty: nothing the caller sent is silently dropped.</summary>
    public void RefuseOthers()
    {
        var other = element.Elements().FirstOrDefault(e => (e.Name.Namespace != AsmXml.Ns || !_handled.Contains(e.Name.LocalName)) && !IsEmpty(e));
        if (other is not null)
            throw Refused($"{path}/{other.Name.LocalName} is not supported by the portal's ASM endpoint; leave it out.");
    }

    public static AsmRequestException Refused(string message) => new(message);

    private XElement? Single(string name)
    {
        _handled.Add(name);
        var matches = Children(name).Take(2).ToList();
        if (matches.Count > 1) throw Refused($"{path}/{name} is given more than once; give it once.");
        return matches.Count == 1 && !IsNil(matches[0]) ? matches[0] : null;
    }

    private IEnumerable<XElement> Children(string name) => element.Elements(AsmXml.Ns + name);

    private static bool IsNil(XElement e) => (string?)e.Attribute(AsmXml.Xsi + "nil") == "true";

    private static bool IsEmpty(XElement e) => IsNil(e) || (!e.HasElements && string.IsNullOrWhiteSpace(e.Value));
}
