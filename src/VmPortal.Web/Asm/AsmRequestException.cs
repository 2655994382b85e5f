namespace VmPortal.Web.Asm;

/// <summary>
/// A request body the ASM endpoint refuses before anything runs: not XML, hostile, too large, a duplicate or unsupported
/// element. <see cref="AsmProtocolMiddleware"/> answers it as 400 <c>BadRequest</c>.
/// </summary>
internal sealed class AsmRequestException(string message) : Exception(message);
