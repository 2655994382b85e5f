using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    /// A JSON body as it may be recorded: every secret member's value replaced by <c>"***"</c>, wherever it occurs and
    /// however often (a member named twice is refused by the API, and its refusal recorded with both values hidden). It is
    /// read token by token, so no body can make it throw. A body that is not JSON is not recorded at all (it could be
    /// anything), only its length.
    /// </summary>
    public static string? Redact(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        using var output = new MemoryStream();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { MaxDepth = 64 });
            using var writer = new Utf8JsonWriter(output);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && IsSecretMember(reader.GetString()!))
                {
                    writer.WritePropertyName(reader.GetString()!);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null) writer.WriteNullValue();
                    else
                    {
                        reader.Skip();
                        writer.WriteStringValue("***");
                    }
                    continue;
                }
                Copy(ref reader, writer);
            }
            writer.Flush();
        }
        catch (JsonException) { return $"(a {body.Length}-character body that is not JSON)"; }
        var text = Encoding.UTF8.GetString(output.ToArray());
        return text.Length <= MaxDetailLength ? text : text[..(MaxDetailLength - 1)] + "…";
    }

    private static bool IsSecretMember(string name) => SecretMembers.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static void Copy(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
            case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
            case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
            case JsonTokenType.True or JsonTokenType.False: writer.WriteBooleanValue(reader.GetBoolean()); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
        }
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
        foreach (var element in document.Descendants().Where(e => IsSecretMember(e.Name.LocalName)).ToList())
            element.ReplaceNodes("***");
        var text = document.Root!.ToString(SaveOptions.DisableFormatting);
        return text.Length <= MaxDetailLength ? text : text[..(MaxDetailLength - 1)] + "…";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
