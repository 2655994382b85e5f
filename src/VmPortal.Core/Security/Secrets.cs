using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace VmPortal.Core.Security;

/// <summary>Random secrets, their hashes, and request bodies with every secret taken out before they are recorded.</summary>
public static class Secrets
{
    /// <summary>Member names whose values are never recorded, wherever they occur in a body (case-insensitive).</summary>
    private static readonly string[] SecretMembers =
        ["password", "adminPassword", "userPassword", "currentPassword", "newPassword", "sshPublicKey", "customData", "token",
            "connectionString", "accountKey", "key", "secret"];

    public const int MaxDetailLength = 4000;

    /// <summary>A token the caller sends as <c>Authorization: Bearer</c>: a prefix and 256 random bits.</summary>
    public static string NewToken() => "vmp_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A password Identity's rules and R28's both accept: 20 characters with every kind of character.</summary>
    public static string NewPassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!#%+-=?@^_~";
        var chars = RandomNumberGenerator.GetItems<char>(lower + upper + digits + symbols, 16).ToList();
        foreach (var set in new[] { lower, upper, digits, symbols })
            chars.Insert(RandomNumberGenerator.GetInt32(chars.Count + 1), set[RandomNumberGenerator.GetInt32(set.Length)]);
        return new string(chars.ToArray());
    }

    /// <summary>
    /// A JSON body as it may be recorded: every secret member replaced by <c>"***"</c>. A body that is not JSON is not
    /// recorded at all (it could be anything), only its length.
    /// </summary>
    public static string? Redact(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        JsonNode? node;
        try { node = JsonNode.Parse(body); }
        catch (JsonException) { return $"(a {body.Length}-character body that is not JSON)"; }
        RedactNode(node);
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= MaxDetailLength ? text : text[..(MaxDetailLength - 1)] + "…";
    }

    /// <summary>
    /// An XML body (the ASM endpoint's) as it may be recorded: the text of every element named like a secret member
    /// (<c>AdminPassword</c>, <c>UserPassword</c>, …) replaced by <c>***</c>. It is read with DTDs refused, and a body
    /// that is not well-formed is not recorded, only its length.
    /// </summary>
    public static string? RedactXml(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(body),
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = body.Length });
            document = XDocument.Load(reader);
        }
        catch (XmlException) { return $"(a {body.Length}-character body that is not well-formed XML)"; }
        foreach (var element in document.Descendants().Where(e => SecretMembers.Contains(e.Name.LocalName, StringComparer.OrdinalIgnoreCase)).ToList())
            element.ReplaceNodes("***");
        var text = document.Root!.ToString(SaveOptions.DisableFormatting);
        return text.Length <= MaxDetailLength ? text : text[..(MaxDetailLength - 1)] + "…";
    }

    private static void RedactNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (SecretMembers.Contains(name, StringComparer.OrdinalIgnoreCase)) obj[name] = value is null ? null : "***";
                    else RedactNode(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) RedactNode(item);
                break;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
