// The fixtures' former names, so that test code written against them still builds while it is merged in.
// Use the …Fixture names in new code; remove these once nothing uses them.
global using DevHostFactory = Outreach.IntegrationTests.Infrastructure.DevHostFixture;
global using DeliveryHostFactory = Outreach.IntegrationTests.Campaigns.DeliveryHostFixture;
global using EventsDevHost = Outreach.IntegrationTests.Events.EventsDevHostFixture;
