using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Mail;

/// <summary>
/// E-mail (issue 19): the <c>mail</c> worker sends the rows of <c>mail_queue</c> (written by the notifications fan-out)
/// through the configured relay, one by one or gathered into a daily digest. No routes.
/// </summary>
public sealed class MailFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<MailWorker>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
    }
}
