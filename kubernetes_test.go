package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"
)

// The Kubernetes manifests are checked here without a cluster: every
// document decodes strictly (an unknown or misspelt field fails) into the
// Kubernetes API types, or, for the two kinds that are not in k8s.io/api,
// into the fields of them that the manifests use; the arguments of every
// mcptop container parse with mcptop's own flag parser; and the pieces fit
// (selectors, ports, volumes, the target's Service).

const manifestDir = "deploy/kubernetes"

// podMonitor is the part of the Prometheus Operator's PodMonitor
// (monitoring.coreos.com/v1) the manifests use; its module is too large to
// depend on for a test.
type podMonitor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Selector                metav1.LabelSelector `json:"selector"`
		ScrapeProtocols         []string             `json:"scrapeProtocols"`
		ScrapeNativeHistograms  *bool                `json:"scrapeNativeHistograms"`
		ScrapeClassicHistograms *bool                `json:"scrapeClassicHistograms"`
		PodMetricsEndpoints     []struct {
			Port     string `json:"port"`
			Path     string `json:"path"`
			Interval string `json:"interval"`
		} `json:"podMetricsEndpoints"`
	} `json:"spec"`
}

// scrapeProtocols are the values the operator's CRD allows.
var scrapeProtocols = []string{"PrometheusProto", "OpenMetricsText0.0.1", "OpenMetricsText1.0.0", "PrometheusText0.0.4", "PrometheusText1.0.0"}

type kustomization struct {
	metav1.TypeMeta `json:",inline"`
	Resources       []string `json:"resources"`
}

// manifests is every document of deploy/kubernetes, decoded.
type manifests struct {
	jobs        map[string]*batchv1.Job
	deployments map[string]*appsv1.Deployment
	services    map[string]*corev1.Service
	claims      map[string]*corev1.PersistentVolumeClaim
	pods        map[string]*corev1.Pod
	monitors    map[string]*podMonitor
	kustomize   *kustomization
}

var docSep = regexp.MustCompile(`(?m)^---\s*$`)

func loadManifests(t *testing.T) *manifests {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(manifestDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in %s: %v", manifestDir, err)
	}
	m := &manifests{jobs: map[string]*batchv1.Job{}, deployments: map[string]*appsv1.Deployment{},
		services: map[string]*corev1.Service{}, claims: map[string]*corev1.PersistentVolumeClaim{},
		pods: map[string]*corev1.Pod{}, monitors: map[string]*podMonitor{}}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range docSep.Split(string(data), -1) {
			if err := m.add([]byte(doc)); err != nil {
				t.Errorf("%s, document %d: %v", f, i+1, err)
			}
		}
	}
	return m
}

// add decodes one document strictly into the type its apiVersion and kind
// name.
func (m *manifests) add(doc []byte) error {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return err
	}
	switch tm.APIVersion + " " + tm.Kind {
	case "batch/v1 Job":
		return decode(doc, m.jobs)
	case "apps/v1 Deployment":
		return decode(doc, m.deployments)
	case "v1 Service":
		return decode(doc, m.services)
	case "v1 PersistentVolumeClaim":
		return decode(doc, m.claims)
	case "v1 Pod":
		return decode(doc, m.pods)
	case "monitoring.coreos.com/v1 PodMonitor":
		return decode(doc, m.monitors)
	case "kustomize.config.k8s.io/v1beta1 Kustomization":
		m.kustomize = &kustomization{}
		return yaml.UnmarshalStrict(doc, m.kustomize)
	}
	return fmt.Errorf("unknown apiVersion and kind %q %q", tm.APIVersion, tm.Kind)
}

// decode decodes doc strictly into a new object, kept by its name.
func decode[T any, PT interface {
	*T
	GetName() string
}](doc []byte, into map[string]PT) error {
	o := PT(new(T))
	if err := yaml.UnmarshalStrict(doc, o); err != nil {
		return err
	}
	if _, dup := into[o.GetName()]; dup || o.GetName() == "" {
		return fmt.Errorf("name %q empty or used twice", o.GetName())
	}
	into[o.GetName()] = o
	return nil
}

func TestManifestsDecodeStrictly(t *testing.T) {
	m := loadManifests(t)
	if len(m.jobs) != 2 || len(m.deployments) != 1 || len(m.services) != 1 || len(m.claims) != 1 ||
		len(m.pods) != 1 || len(m.monitors) != 1 || m.kustomize == nil {
		t.Fatalf("decoded %d jobs, %d deployments, %d services, %d claims, %d pods, %d pod monitors, kustomization %v",
			len(m.jobs), len(m.deployments), len(m.services), len(m.claims), len(m.pods), len(m.monitors), m.kustomize != nil)
	}
	for _, r := range m.kustomize.Resources {
		if _, err := os.Stat(filepath.Join(manifestDir, r)); err != nil {
			t.Errorf("kustomization: %v", err)
		}
	}
	// The check itself: a misspelt field must fail.
	bad := []byte("apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec: {completionsMode: Indexed}\n")
	if err := (&manifests{jobs: map[string]*batchv1.Job{}}).add(bad); err == nil {
		t.Fatal("a Job with a misspelt field decoded")
	}
}

// podSpecs lists every pod spec of the manifests, by where it is.
func (m *manifests) podSpecs() map[string]*corev1.PodSpec {
	out := map[string]*corev1.PodSpec{}
	for n, j := range m.jobs {
		out["job/"+n] = &j.Spec.Template.Spec
	}
	for n, d := range m.deployments {
		out["deployment/"+n] = &d.Spec.Template.Spec
	}
	for n, p := range m.pods {
		out["pod/"+n] = &p.Spec
	}
	return out
}

// varRef is a Kubernetes $(VAR) reference in an argument.
var varRef = regexp.MustCompile(`\$\([A-Za-z_][A-Za-z0-9_]*\)`)

// containerArgs is c's arguments as the container would see them: every
// $(VAR) expanded (it must be one of c's env variables; its value here is
// "0"), and every path under a volume mount moved to the directory under
// volumes that stands for the volume.
func containerArgs(t *testing.T, where string, c *corev1.Container, volumes string) []string {
	t.Helper()
	env := map[string]bool{}
	for _, e := range c.Env {
		env[e.Name] = true
	}
	args := slices.Clone(c.Args)
	for i, a := range args {
		a = varRef.ReplaceAllStringFunc(a, func(ref string) string {
			if !env[ref[2:len(ref)-1]] {
				t.Errorf("%s: %s refers to %s, which the container does not define", where, a, ref)
			}
			return "0"
		})
		for _, vm := range c.VolumeMounts {
			if a == vm.MountPath || strings.HasPrefix(a, vm.MountPath+"/") {
				dir := filepath.Join(volumes, vm.Name)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				a = dir + a[len(vm.MountPath):]
			}
		}
		args[i] = a
	}
	return args
}

// TestManifestArgsAreMcptopFlags parses every mcptop container's arguments
// with mcptop's own parser: the measuring flags, merge's, or serve's where
// this build has mcptop serve.
func TestManifestArgsAreMcptopFlags(t *testing.T) {
	volumes := t.TempDir()
	checked := 0
	for where, spec := range loadManifests(t).podSpecs() {
		for i := range spec.Containers {
			c := &spec.Containers[i]
			if !strings.HasPrefix(c.Image, "mcptop:") {
				continue
			}
			if len(c.Command) > 0 {
				t.Errorf("%s: command %v replaces the image's entrypoint (mcptop)", where, c.Command)
			}
			args := containerArgs(t, where, c, volumes)
			var err error
			switch {
			case len(args) > 0 && args[0] == "merge":
				_, _, err = parseMergeArgs(args[1:], io.Discard)
			case len(args) > 0 && args[0] == "serve":
				err = checkServeArgs(t, args)
			default:
				var o *options
				o, err = parseOptions(args, tabs(builtins()), false, io.Discard)
				if err == nil && (!o.headless || o.instance == "" || o.metricsAddr == "" || o.out == "") {
					err = fmt.Errorf("a fleet pod must run headless with --instance, --metrics-addr and --out: %+v", o)
				}
			}
			if err != nil {
				t.Errorf("%s, container %s: %v", where, c.Name, err)
			}
			checked++
		}
	}
	if checked < 3 {
		t.Fatalf("checked %d mcptop containers, want the fleet's, the merge's and the server's", checked)
	}
}

// checkServeArgs checks serve's flag names with serve's parser (--help
// after them stops it before it starts anything); a build without mcptop
// serve cannot check them and says so.
func checkServeArgs(t *testing.T, args []string) error {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"serve", "--help"}, &out, &out); err != nil {
		t.Logf("this build has no mcptop serve: its arguments %v are not checked", args)
		return nil
	}
	return run(context.Background(), append(slices.Clone(args), "--help"), &out, &out)
}

// flagValue is the value of --name in args, "" without it.
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == "--"+name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v
		}
	}
	return ""
}

func selects(t *testing.T, sel *metav1.LabelSelector, l map[string]string) bool {
	t.Helper()
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		t.Fatal(err)
	}
	return !s.Empty() && s.Matches(labels.Set(l))
}

func port(c *corev1.Container, name string) int32 {
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	return 0
}

func mount(c *corev1.Container, spec *corev1.PodSpec, path string) (claim, subPath string) {
	for _, vm := range c.VolumeMounts {
		if vm.MountPath != path {
			continue
		}
		for _, v := range spec.Volumes {
			if v.Name == vm.Name && v.PersistentVolumeClaim != nil {
				return v.PersistentVolumeClaim.ClaimName, vm.SubPath
			}
		}
	}
	return "", ""
}

// TestManifestsFitTogether checks what no schema can: the fleet is an
// Indexed Job whose pods name themselves by index, serve metrics on the
// port the PodMonitor scrapes and write to the volume the merge reads;
// the PodMonitor selects the fleet's pods and not the server's; the fleet's
// target is the Service in front of the server.
func TestManifestsFitTogether(t *testing.T) {
	m := loadManifests(t)
	fleet, merge, serve, svc, mon := m.jobs["mcptop-fleet"], m.jobs["mcptop-merge"], m.deployments["mcptop-serve"],
		m.services["mcptop-serve"], m.monitors["mcptop-fleet"]
	if fleet == nil || merge == nil || serve == nil || svc == nil || mon == nil {
		t.Fatal("missing one of job/mcptop-fleet, job/mcptop-merge, deployment/mcptop-serve, service/mcptop-serve, podmonitor/mcptop-fleet")
	}
	fs := &fleet.Spec
	if fs.CompletionMode == nil || *fs.CompletionMode != batchv1.IndexedCompletion || fs.Completions == nil ||
		fs.Parallelism == nil || *fs.Completions < 2 || *fs.Parallelism != *fs.Completions {
		t.Errorf("fleet: want an Indexed Job running all of at least 2 completions at once: %+v", fs)
	}
	pod := &fs.Template.Spec
	c := &pod.Containers[0]
	if pod.RestartPolicy != corev1.RestartPolicyNever || len(c.Env) != 1 || c.Env[0].ValueFrom == nil ||
		c.Env[0].ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
		t.Errorf("fleet: restart %q, env %+v: want Never and the completion index", pod.RestartPolicy, c.Env)
	}
	if !strings.Contains(flagValue(c.Args, "instance"), "$("+c.Env[0].Name+")") {
		t.Errorf("fleet: --instance %q is not named by the index", flagValue(c.Args, "instance"))
	}
	_, p, _ := strings.Cut(flagValue(c.Args, "metrics-addr"), ":")
	if p != strconv.Itoa(int(port(c, "metrics"))) || len(mon.Spec.PodMetricsEndpoints) != 1 || mon.Spec.PodMetricsEndpoints[0].Port != "metrics" {
		t.Errorf("fleet: --metrics-addr port %s, container port metrics %d, scraped %+v", p, port(c, "metrics"), mon.Spec.PodMetricsEndpoints)
	}
	if !selects(t, &mon.Spec.Selector, fs.Template.Labels) || selects(t, &mon.Spec.Selector, serve.Spec.Template.Labels) {
		t.Errorf("podmonitor: selector %v must select the fleet's pods %v and not the server's %v",
			mon.Spec.Selector, fs.Template.Labels, serve.Spec.Template.Labels)
	}
	for i, sp := range mon.Spec.ScrapeProtocols {
		if !slices.Contains(scrapeProtocols, sp) || (i == 0 && sp != "PrometheusProto") {
			t.Errorf("podmonitor: scrape protocol %q (native histograms need PrometheusProto first)", sp)
		}
	}
	fitVolumes(t, m, fleet, merge)
	fitTarget(t, c, serve, svc)
}

// fitVolumes: the fleet writes its snapshots to a claim's subPath, and the
// merge reads that directory of the same claim.
func fitVolumes(t *testing.T, m *manifests, fleet, merge *batchv1.Job) {
	t.Helper()
	fc := &fleet.Spec.Template.Spec.Containers[0]
	claim, sub := mount(fc, &fleet.Spec.Template.Spec, filepath.Dir(flagValue(fc.Args, "out")))
	mc := &merge.Spec.Template.Spec.Containers[0]
	mclaim, msub := mount(mc, &merge.Spec.Template.Spec, filepath.Dir(mc.Args[1]))
	if claim == "" || m.claims[claim] == nil || sub == "" || mclaim != claim || msub != "" || filepath.Base(mc.Args[1]) != sub {
		t.Errorf("the fleet writes to claim %q subPath %q; the merge reads %s from claim %q subPath %q", claim, sub, mc.Args[1], mclaim, msub)
	}
}

// fitTarget: the fleet's --target is the Service, whose selector and
// target port are the server's.
func fitTarget(t *testing.T, fleet *corev1.Container, serve *appsv1.Deployment, svc *corev1.Service) {
	t.Helper()
	u, err := url.Parse(flagValue(fleet.Args, "target"))
	if err != nil || u.Hostname() != svc.Name || len(svc.Spec.Ports) != 1 || u.Port() != strconv.Itoa(int(svc.Spec.Ports[0].Port)) {
		t.Errorf("fleet --target %q is not service %s port %v", flagValue(fleet.Args, "target"), svc.Name, svc.Spec.Ports)
	}
	sc := &serve.Spec.Template.Spec.Containers[0]
	if !selects(t, &metav1.LabelSelector{MatchLabels: svc.Spec.Selector}, serve.Spec.Template.Labels) ||
		port(sc, svc.Spec.Ports[0].TargetPort.String()) == 0 {
		t.Errorf("service %s selects %v on %v; the server's pods are %v with ports %v",
			svc.Name, svc.Spec.Selector, svc.Spec.Ports[0].TargetPort, serve.Spec.Template.Labels, sc.Ports)
	}
	if l := flagValue(sc.Args, "listen"); !strings.HasSuffix(l, ":"+strconv.Itoa(int(port(sc, "http")))) {
		t.Errorf("serve --listen %q is not its container port %d", l, port(sc, "http"))
	}
}
