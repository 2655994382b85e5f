using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace VmPortal.Web.Asm;

/// <summary>
/// How ASM answers are spelled (ASM.md §1 "XML"): the windowsazure namespace as the root's default namespace,
/// unprefixed elements, <c>true</c>/<c>false</c>, ISO 8601 UTC dates, plain integers; an absent value is an absent element.
/// </summary>
internal static class AsmXml
{
    public static readonly XNamespace Ns = "http://schemas.microsoft.com/windowsazure";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    public const string ContentType = "application/xml; charset=utf-8";

    /// <summary>An element in the ASM namespace; null content items are left out, so optional children can be written inline.</summary>
    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>The element, or nothing when <paramref name="value"/> is null.</summary>
    public static XElement? Optional(string name, string? value) => value is null ? null : E(name, value);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="root"/> as the whole answer, UTF-8 without a byte order mark.</summary>
    public static async Task WriteAsync(HttpContext http, int status, XElement root)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true, OmitXmlDeclaration = false };
        await using var writer = XmlWriter.Create(http.Response.Body, settings);
        await new XDocument(new XDeclaration("1.0", "utf-8", null), root).SaveAsync(writer, http.RequestAborted);
    }
}
