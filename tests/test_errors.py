"""Every error of the foundation raises PyTorch's exception type and exact text (spec 1a);
where torch is importable, the same code is run there and must raise the same text."""
import warnings

import pytest

import retrograd

FREED = ("Trying to backward through the graph a second time (or directly access saved tensors "
         "after they have already been freed). Saved intermediate values of the graph are freed "
         "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
         "backward through the graph a second time or if you need to access saved tensors after "
         "calling backward.")
HINT = ("Hint: enable anomaly detection to find the operation that failed to compute its "
        "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


def backward_twice(torch):
    x = torch.arange(4.0, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def non_scalar(torch):
    x = torch.arange(4.0, requires_grad=True)
    (x * x).backward()


def grad_non_scalar(torch):
    x = torch.arange(4.0, requires_grad=True)
    torch.autograd.grad(x * 2, x)


def no_grad_fn(torch):
    x = torch.arange(4.0)
    (x * x).sum().backward()


def leaf_inplace(torch):
    x = torch.arange(4.0, requires_grad=True)
    x.add_(1)


def leaf_iadd(torch):
    x = torch.arange(4.0, requires_grad=True)
    x += 1


def view_of_leaf_setitem(torch):
    x = torch.arange(4.0, requires_grad=True)
    x[0] = 5


def view_of_leaf_slice(torch):
    x = torch.arange(4.0, requires_grad=True)
    x[:2].add_(1)


def view_of_leaf_view(torch):
    x = torch.arange(3.0, requires_grad=True)
    x.view(3).mul_(2)


def modified_add(torch):
    x = torch.arange(4.0, requires_grad=True)
    y = x * 2
    z = y * y
    y.add_(1)
    z.sum().backward()


def modified_exp(torch):
    x = torch.arange(4.0, requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()


def modified_exp_detach(torch):
    x = torch.arange(4.0, requires_grad=True)
    y = x.exp()
    y.detach().zero_()
    y.sum().backward()


def modified_leaf(torch):
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2)
    c = a * b
    b.add_(1)
    c.sum().backward()


def unused(torch):
    x = torch.arange(4.0, requires_grad=True)
    w = torch.ones(4, requires_grad=True)
    torch.autograd.grad((x * x).sum(), [x, w])


def grad_no_requires(torch):
    x = torch.arange(4.0, requires_grad=True)
    w = torch.ones(4)
    torch.autograd.grad((x * x).sum(), [w])


def dot_size(torch):
    torch.dot(torch.ones(3), torch.ones(4))


def dot_dtype(torch):
    torch.dot(torch.ones(3), torch.ones(3, dtype=torch.float64))


def dot_dtype_long(torch):
    torch.dot(torch.arange(3), torch.ones(3))


def dot_2d(torch):
    torch.dot(torch.ones(2, 2), torch.ones(2, 2))


def int_requires_grad(torch):
    x = torch.arange(4)
    x.requires_grad = True


def int_requires_grad_factory(torch):
    torch.arange(4, requires_grad=True)


def nonleaf_requires_grad(torch):
    x = torch.arange(4.0, requires_grad=True)
    (x * 2).requires_grad = False


def item_many(torch):
    torch.arange(4.0).item()


def bool_many(torch):
    bool(torch.arange(4.0) > 1)


def numpy_requires_grad(torch):
    torch.arange(4.0, requires_grad=True).numpy()


def retain_no_grad(torch):
    torch.arange(4.0).retain_grad()


def hook_no_grad(torch):
    torch.arange(4.0).register_hook(lambda g: g)


def post_acc_nonleaf(torch):
    x = torch.arange(4.0, requires_grad=True)
    (x * 2).register_post_accumulate_grad_hook(lambda t: None)


def gradient_shape(torch):
    x = torch.arange(4.0, requires_grad=True)
    (x * 2).backward(torch.ones(3))


def empty_inputs(torch):
    x = torch.arange(4.0, requires_grad=True)
    (x * 2).sum().backward(inputs=[])


def grad_assign_shape(torch):
    x = torch.arange(4.0, requires_grad=True)
    x.grad = torch.ones(3)


def grad_assign_dtype(torch):
    x = torch.arange(4.0, requires_grad=True)
    x.grad = torch.ones(4, dtype=torch.float64)


def zero_none_grad(torch):
    x = torch.arange(4.0, requires_grad=True)
    x.grad.zero_()


def mm_shapes(torch):
    torch.mm(torch.ones(2, 3), torch.ones(2, 3))


def broadcast(torch):
    torch.ones(3) * torch.ones(4)


def norm_long(torch):
    torch.arange(4).norm()


def mean_long(torch):
    torch.arange(4).mean()


def double_grad_of_constant(torch):
    x = torch.tensor(1.0, requires_grad=True)
    g, = torch.autograd.grad(2 * x, x, create_graph=True)
    torch.autograd.grad(g, x)


CASES = [
    (backward_twice, RuntimeError, FREED),
    (non_scalar, RuntimeError, "grad can be implicitly created only for scalar outputs"),
    (grad_non_scalar, RuntimeError, "grad can be implicitly created only for scalar outputs"),
    (no_grad_fn, RuntimeError, "element 0 of tensors does not require grad and does not have a "
                               "grad_fn"),
    (leaf_inplace, RuntimeError, "a leaf Variable that requires grad is being used in an in-place "
                                 "operation."),
    (leaf_iadd, RuntimeError, "a leaf Variable that requires grad is being used in an in-place "
                              "operation."),
    (view_of_leaf_setitem, RuntimeError, "a view of a leaf Variable that requires grad is being "
                                         "used in an in-place operation."),
    (view_of_leaf_slice, RuntimeError, "a view of a leaf Variable that requires grad is being "
                                       "used in an in-place operation."),
    (view_of_leaf_view, RuntimeError, "a view of a leaf Variable that requires grad is being used "
                                      "in an in-place operation."),
    (modified_add, RuntimeError, "one of the variables needed for gradient computation has been "
     "modified by an inplace operation: [torch.FloatTensor [4]], which is output 0 of Add, is at "
     "version 1; expected version 0 instead. " + HINT),
    (modified_exp, RuntimeError, "one of the variables needed for gradient computation has been "
     "modified by an inplace operation: [torch.FloatTensor [4]], which is output 0 of Exp, is at "
     "version 1; expected version 0 instead. " + HINT),
    (modified_exp_detach, RuntimeError, "one of the variables needed for gradient computation has "
     "been modified by an inplace operation: [torch.FloatTensor [4]], which is output 0 of Exp, "
     "is at version 1; expected version 0 instead. " + HINT),
    (modified_leaf, RuntimeError, "one of the variables needed for gradient computation has been "
     "modified by an inplace operation: [torch.FloatTensor [2]] is at version 1; expected version "
     "0 instead. " + HINT),
    (unused, RuntimeError, "The differentiated Tensor at index 1 appears to not have been used in "
                           "the graph. Set allow_unused=True if this is the desired behavior."),
    (grad_no_requires, RuntimeError, "One of the differentiated Tensors does not require grad"),
    (dot_size, RuntimeError, "inconsistent tensor size, expected tensor [3] and src [4] to have "
     "the same number of elements, but got 3 and 4 elements respectively"),
    (dot_dtype, RuntimeError, "dot : expected both vectors to have same dtype, but found Float "
                              "and Double"),
    (dot_dtype_long, RuntimeError, "dot : expected both vectors to have same dtype, but found "
                                   "Long and Float"),
    (dot_2d, RuntimeError, "1D tensors expected, but got 2D and 2D tensors"),
    (int_requires_grad, RuntimeError, "only Tensors of floating point and complex dtype can "
                                      "require gradients"),
    (int_requires_grad_factory, RuntimeError, "Only Tensors of floating point and complex dtype "
                                              "can require gradients"),
    (nonleaf_requires_grad, RuntimeError, "you can only change requires_grad flags of leaf "
     "variables. If you want to use a computed variable in a subgraph that doesn't require "
     "differentiation use var_no_grad = var.detach()."),
    (item_many, RuntimeError, "a Tensor with 4 elements cannot be converted to Scalar"),
    (bool_many, RuntimeError, "Boolean value of Tensor with more than one value is ambiguous"),
    (numpy_requires_grad, RuntimeError, "Can't call numpy() on Tensor that requires grad. Use "
                                        "tensor.detach().numpy() instead."),
    (retain_no_grad, RuntimeError, "can't retain_grad on Tensor that has requires_grad=False"),
    (hook_no_grad, RuntimeError, "cannot register a hook on a tensor that doesn't require "
                                 "gradient"),
    (post_acc_nonleaf, RuntimeError, "post accumulate grad hooks cannot be registered on non-leaf "
                                     "tensors"),
    (gradient_shape, RuntimeError, "Mismatch in shape: grad_output[0] has a shape of "
     "torch.Size([3]) and output[0] has a shape of torch.Size([4])."),
    (empty_inputs, RuntimeError, "`inputs` argument to `backward()` cannot be empty."),
    (grad_assign_shape, RuntimeError, "attempting to assign a gradient of size '[3]' to a tensor "
     "of size '[4]'. Please ensure that the gradient and the tensor are the same size"),
    (grad_assign_dtype, RuntimeError, "attempting to assign a gradient with dtype 'double' to a "
     "tensor with grad_dtype 'Float'. The gradient must match the tensor's grad_dtype (defaults "
     "to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific "
     "dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a "
     "tensor and its gradient may break downstream systems that assume they match."),
    (zero_none_grad, AttributeError, "'NoneType' object has no attribute 'zero_'"),
    (mm_shapes, RuntimeError, "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    (broadcast, RuntimeError, "The size of tensor a (3) must match the size of tensor b (4) at "
                              "non-singleton dimension 0"),
    (norm_long, RuntimeError, "linalg.vector_norm: Expected a floating point or complex tensor "
                              "as input. Got Long"),
    (mean_long, RuntimeError, "mean(): could not infer output dtype. Input dtype must be either a "
                              "floating point or complex dtype. Got: Long"),
    (double_grad_of_constant, RuntimeError, "element 0 of tensors does not require grad and does "
                                            "not have a grad_fn"),
]


def _message(lib, fn, exc):
    with pytest.raises(exc) as info:
        fn(lib)
    return str(info.value)


@pytest.mark.parametrize("fn,exc,text", CASES, ids=[c[0].__name__ for c in CASES])
def test_retrograd_raises_pytorchs_text(fn, exc, text):
    message = _message(retrograd, fn, exc)
    # retrograd may add a line of its own after PyTorch's text
    assert message == text or message.startswith(text + "\n")


@pytest.mark.parametrize("fn,exc,text", CASES, ids=[c[0].__name__ for c in CASES])
def test_pytorch_raises_the_same_text(fn, exc, text):
    torch = pytest.importorskip("torch")
    assert _message(torch, fn, exc) == text


def test_version_error_names_the_saving_op_and_the_inplace_op():
    with pytest.raises(RuntimeError) as info:
        modified_add(retrograd)
    assert "saved by MulBackward0" in str(info.value) and "add_" in str(info.value)


def test_non_leaf_grad_access_warns_and_returns_none():
    x = retrograd.arange(4.0, requires_grad=True)
    y = x * 2
    y.sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert y.grad is None
    assert "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed" in \
        str(caught[0].message)
    assert caught[0].category is UserWarning
