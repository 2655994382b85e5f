namespace VmPortal.Web.Components.Pages.Account;

/// <summary>Marker for TokensText.resx: the words of the API tokens page.</summary>
public sealed class TokensText;
