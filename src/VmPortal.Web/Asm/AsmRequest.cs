using System.Xml;
using System.Xml.Linq;

namespace VmPortal.Web.Asm;

/// <summary>
/// Reads an ASM request body, refusing hostile XML before anything runs: no DTDs (so no entity expansion and no
/// external entities), no resolver, at most <see cref="MaxBodyBytes"/>, at most <see cref="MaxDepth"/> levels, one root
/// element in the windowsazure namespace. Every refusal is an <see cref="AsmRequestException"/>.
/// </summary>
internal static class AsmRequest
{
    /// <summary>The largest body a call takes; a deployment the classic client sends is about 1 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The deepest nesting a call takes; a deployment's endpoint is seven levels down.</summary>
    public const int MaxDepth = 12;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        Async = true,
    };

    /// <summary>The body's root element; <paramref name="roots"/> are the names this call takes.</summary>
    public static async Task<AsmElement> ReadAsync(HttpRequest request, params string[] roots)
    {
        var expected = string.Join(" or ", roots.Select(r => $"<{r}>"));
        if (request.ContentLength > MaxBodyBytes)
            throw new AsmRequestException($"The request body is {request.ContentLength} bytes; an ASM request is at most {MaxBodyBytes} bytes.");
        if (request.ContentLength == 0) throw new AsmRequestException($"This call needs an XML body: {expected}.");
        if (request.ContentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) != true)
            throw new AsmRequestException($"Send the request body as XML ({expected}) with Content-Type: application/xml.");

        var body = await ReadLimitedAsync(request.Body, request.HttpContext.RequestAborted);
        if (body.Length == 0) throw new AsmRequestException($"This call needs an XML body: {expected}.");
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(body, Settings);
            document = await XDocument.LoadAsync(reader, LoadOptions.None, request.HttpContext.RequestAborted);
        }
        catch (XmlException e)
        {
            throw new AsmRequestException($"The request body is not acceptable XML (DTDs and entity declarations are refused): {e.Message}");
        }

        var root = document.Root!;
        if (root.Name.Namespace != AsmXml.Ns || !roots.Contains(root.Name.LocalName))
            throw new AsmRequestException(
                $"The request body's root is <{root.Name.LocalName}>{(root.Name.Namespace == AsmXml.Ns ? "" : $" in namespace '{root.Name.NamespaceName}'")}; " +
                $"this call takes {expected} with xmlns=\"{AsmXml.Ns.NamespaceName}\".");
        if (DepthOf(root) > MaxDepth)
            throw new AsmRequestException($"The request body nests elements deeper than {MaxDepth} levels.");
        return new AsmElement(root, root.Name.LocalName);
    }

    /// <summary>The body, refused once it passes the limit (a chunked body has no length to check first).</summary>
    private static async Task<MemoryStream> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                throw new AsmRequestException($"The request body is longer than {MaxBodyBytes} bytes, the most an ASM request may be.");
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private static int DepthOf(XElement root)
    {
        var deepest = 0;
        var pending = new Stack<(XElement Element, int Depth)>([(root, 1)]);
        while (pending.TryPop(out var next))
        {
            deepest = Math.Max(deepest, next.Depth);
            foreach (var child in next.Element.Elements()) pending.Push((child, next.Depth + 1));
        }
        return deepest;
    }
}
