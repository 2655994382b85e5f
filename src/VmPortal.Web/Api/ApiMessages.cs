using VmPortal.Core;

namespace VmPortal.Web.Api;

/// <summary>
/// The API layer's own sentences (ApiMessages.resx, English and 简体中文): the <c>detail</c> of refusals the framework, the
/// body guards and the endpoints answer themselves, in the request's language (<c>Accept-Language</c>). Codes stay English.
/// </summary>
public sealed class ApiMessages : ResourceText<ApiMessages>;
