using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations;

/// <summary>What a registration must carry, and when a session takes registrations.</summary>
public static class RegistrationRules
{
    public static ValidationErrors Validate(RegistrationRequest request, string? organizerEmail = null)
    {
        var errors = new ValidationErrors();
        if (!EmailAddress.TryParse(request.Email, out var email)) errors.Add("email", "A valid e-mail address is required.");
        else if (organizerEmail is not null && string.Equals(email.Value, organizerEmail, StringComparison.OrdinalIgnoreCase))
            errors.Add("email", "This is the organizer's address; register with your own.");
        if (NameRules.Check(request.FirstName) is { } nameError) errors.Add("firstName", nameError);
        if (!request.Consent) errors.Add("consent", "Consent is required to register.");
        if (SourceRules.Check(request.Source) is { } sourceError) errors.Add("source", sourceError);
        return errors;
    }

    /// <summary>Why a session cannot take registrations at <paramref name="now"/>, or null when it can.</summary>
    public static RegistrationResult? Unavailability(EventSession session, DateTimeOffset now)
    {
        if (session.IsCancelled) return RegistrationResult.Cancelled;
        if (now >= session.EndUtc) return RegistrationResult.Past;
        if (now >= session.StartUtc) return RegistrationResult.Closed;
        return null;
    }

    /// <summary>The source the request names, else the channel it came through.</summary>
    public static string SourceOf(RegistrationRequest request, RequestOrigin origin) =>
        string.IsNullOrWhiteSpace(request.Source) ? origin.Channel : request.Source.Trim();
}
