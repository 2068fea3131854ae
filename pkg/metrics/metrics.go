// Package metrics defines the Prometheus metrics every stage shares. They
// are registered once per registry and labelled by stage, so that
// `claimwire up` (all stages in one process) and one-service-per-container
// deployments export the same series.
package metrics

import (
	"runtime"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Message results: a closed set, used as the `result` label.
const (
	ResultOK         = "ok"          // handled, output published, input acked
	ResultRetry      = "retry"       // transient failure, redelivery scheduled
	ResultDeadLetter = "dead_letter" // moved to the DLQ stream and terminated
)

// Pipeline holds the per-stage series.
type Pipeline struct {
	Messages       *prometheus.CounterVec   // claimwire_stage_messages_total{stage,result}
	DeadLetters    *prometheus.CounterVec   // claimwire_stage_dead_letters_total{stage,reason}
	Duration       *prometheus.HistogramVec // claimwire_stage_processing_seconds{stage}
	InFlight       *prometheus.GaugeVec     // claimwire_stage_in_flight_messages{stage}
	Pending        *prometheus.GaugeVec     // claimwire_consumer_pending_messages{stage}
	AckPending     *prometheus.GaugeVec     // claimwire_consumer_ack_pending_messages{stage}
	Redelivered    *prometheus.GaugeVec     // claimwire_consumer_redelivered_messages{stage}
	Redeliveries   *prometheus.CounterVec   // claimwire_stage_redeliveries_total{stage}
	StreamMessages *prometheus.GaugeVec     // claimwire_stream_messages{stream}
	DLQMessages    prometheus.Gauge         // claimwire_dlq_messages
}

// NewRegistry returns a registry with the Go and process collectors and
// claimwire_build_info.
func NewRegistry(version string) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	bi := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "claimwire_build_info",
		Help: "Always 1; labels carry the claimwire version and Go version of this binary.",
	}, []string{"version", "goversion"})
	bi.WithLabelValues(version, runtime.Version()).Set(1)
	reg.MustRegister(bi)
	return reg
}

// NewPipeline registers the stage series on reg. Call it once per registry.
func NewPipeline(reg prometheus.Registerer) *Pipeline {
	p := &Pipeline{
		Messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_stage_messages_total",
			Help: "Messages a stage finished with, by result (ok, retry, dead_letter).",
		}, []string{"stage", "result"}),
		DeadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_stage_dead_letters_total",
			Help: "Messages a stage moved to the DLQ stream, by reason.",
		}, []string{"stage", "reason"}),
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "claimwire_stage_processing_seconds",
			Help:    "Time a stage spent handling one message, output publish included.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"stage"}),
		InFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimwire_stage_in_flight_messages",
			Help: "Messages a stage is handling right now.",
		}, []string{"stage"}),
		Pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimwire_consumer_pending_messages",
			Help: "Messages in the stage's input stream not yet delivered to its durable consumer.",
		}, []string{"stage"}),
		AckPending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimwire_consumer_ack_pending_messages",
			Help: "Messages delivered to the stage and not yet acknowledged.",
		}, []string{"stage"}),
		Redelivered: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimwire_consumer_redelivered_messages",
			Help: "Messages delivered more than once and not yet acknowledged.",
		}, []string{"stage"}),
		// The gauge above forgets a redelivered message once it is acked;
		// this counts every one a stage handled, to see the wasted work.
		Redeliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_stage_redeliveries_total",
			Help: "Messages a stage handled that JetStream had delivered before (a holder went quiet past AckWait, or a retry).",
		}, []string{"stage"}),
		StreamMessages: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimwire_stream_messages",
			Help: "Messages stored in each claimwire stream.",
		}, []string{"stream"}),
		DLQMessages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "claimwire_dlq_messages",
			Help: "Dead letters stored in the DLQ stream.",
		}),
	}
	reg.MustRegister(p.Messages, p.DeadLetters, p.Duration, p.InFlight, p.Pending, p.AckPending, p.Redelivered, p.Redeliveries, p.StreamMessages, p.DLQMessages)
	return p
}

// Stage pre-creates the stage's series so dashboards show zeros, not gaps,
// before the first message.
func (p *Pipeline) Stage(stage string) {
	for _, r := range []string{ResultOK, ResultRetry, ResultDeadLetter} {
		p.Messages.WithLabelValues(stage, r)
	}
	p.Duration.WithLabelValues(stage)
	p.Redeliveries.WithLabelValues(stage)
	p.InFlight.WithLabelValues(stage)
}
