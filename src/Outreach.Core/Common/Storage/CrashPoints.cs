namespace Outreach.Core.Common.Storage;

/// <summary>
/// The named points between two writes of an operation that must come out right whatever stops it in the middle
/// (a campaign's hand-over, the start of a webinar fan-out). Nothing happens there in production; a test registers a
/// subclass that throws at one point, as a process that dies or a storage call that fails there would stop, and then
/// proves that the recovery (a retry, the dispatcher) ends with every recipient mailed exactly once.
/// </summary>
public class CrashPoints
{
    /// <summary>Called when the operation has done everything up to <paramref name="point"/>.</summary>
    public virtual void Reached(string point)
    {
    }
}
